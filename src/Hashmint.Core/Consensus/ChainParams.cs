using System.Numerics;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Consensus;

/// <summary>Everything that differs between networks. Immutable; one instance per network.</summary>
public sealed record ChainParams
{
    public required string Name { get; init; }
    public required uint ChainId { get; init; }
    /// <summary>bech32m human-readable prefix of addresses.</summary>
    public required string AddressPrefix { get; init; }
    public required int DefaultApiPort { get; init; }
    public required int DefaultP2pPort { get; init; }
    public required int DefaultStratumPort { get; init; }

    public required uint GenesisTime { get; init; }
    public required uint GenesisBits { get; init; }
    public required uint PowLimitBits { get; init; }
    /// <summary>Target seconds between blocks.</summary>
    public required long TargetSpacing { get; init; }
    public required long AsertHalfLife { get; init; }
    /// <summary>Regtest keeps the limit target forever so tests mine instantly.</summary>
    public required bool NoRetarget { get; init; }
    /// <summary>How far ahead of the node's clock a block's time may be.</summary>
    public required long MaxFutureDrift { get; init; }

    public required Amount InitialSubsidy { get; init; }
    public required long HalvingInterval { get; init; }
    public required Amount MaxSupply { get; init; }
    /// <summary>Coinbase payouts of block h become spendable when block h + maturity connects.</summary>
    public required int CoinbaseMaturity { get; init; }

    public int MaxBlockBytes { get; init; } = 2 * 1024 * 1024;
    public int MaxBlockTransactions { get; init; } = 20_000;
    public int MaxCoinbasePayouts { get; init; } = 64;
    /// <summary>Payouts of a coinbase of kind 0x02, whose list is committed by hash instead of hashed by miners.</summary>
    public int MaxCommittedPayouts { get; init; } = 1000;

    public BigInteger PowLimit => CompactTarget.ToTarget(PowLimitBits)!.Value;

    public Amount SubsidyAt(long height)
    {
        long halvings = height / HalvingInterval;
        return halvings >= 64 ? Amount.Zero : new Amount(InitialSubsidy.Units >> (int)halvings);
    }

    public static readonly ChainParams Main = new()
    {
        Name = "main", ChainId = 0x484d_0001, AddressPrefix = "hm",
        DefaultApiPort = 9330, DefaultP2pPort = 9331, DefaultStratumPort = 9332,
        GenesisTime = 1_795_000_000, GenesisBits = 0x1d00ffff, PowLimitBits = 0x1d00ffff,
        TargetSpacing = 30, AsertHalfLife = 3600, NoRetarget = false, MaxFutureDrift = 7200,
        InitialSubsidy = Amount.Coins(25), HalvingInterval = 2_000_000, MaxSupply = Amount.Coins(100_000_000),
        CoinbaseMaturity = 100,
    };

    public static readonly ChainParams Test = Main with
    {
        Name = "test", ChainId = 0x484d_0002, AddressPrefix = "tm",
        DefaultApiPort = 19330, DefaultP2pPort = 19331, DefaultStratumPort = 19332,
        GenesisTime = 1_795_000_001, GenesisBits = 0x1e00ffff, PowLimitBits = 0x1e00ffff,
        CoinbaseMaturity = 20,
    };

    /// <summary>~2 s blocks with an easy limit, for `hashmint devnet` on one laptop core.</summary>
    public static readonly ChainParams Dev = Main with
    {
        Name = "dev", ChainId = 0x484d_0003, AddressPrefix = "dm",
        DefaultApiPort = 29330, DefaultP2pPort = 29331, DefaultStratumPort = 29332,
        GenesisTime = 1_795_000_002, GenesisBits = 0x1e010000, PowLimitBits = 0x207fffff,
        TargetSpacing = 2, AsertHalfLife = 60, MaxFutureDrift = 600,
        HalvingInterval = 1_000_000, CoinbaseMaturity = 10,
    };

    /// <summary>Trivial target and no retarget: every few hashes find a block, so tests run instantly.</summary>
    public static readonly ChainParams Regtest = Main with
    {
        Name = "regtest", ChainId = 0x484d_0004, AddressPrefix = "rm",
        DefaultApiPort = 39330, DefaultP2pPort = 39331, DefaultStratumPort = 39332,
        GenesisTime = 1_795_000_003, GenesisBits = 0x207fffff, PowLimitBits = 0x207fffff,
        TargetSpacing = 1, AsertHalfLife = 60, NoRetarget = true, MaxFutureDrift = 7200,
        HalvingInterval = 150, CoinbaseMaturity = 1,
    };

    public static IReadOnlyList<ChainParams> All { get; } = [Main, Test, Dev, Regtest];

    public static bool TryByName(string name, out ChainParams network)
    {
        network = All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))!;
        return network is not null;
    }

    public static ChainParams ByName(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown network '{name}' (expected one of: {string.Join(", ", All.Select(p => p.Name))})");
}

using System.Buffers.Binary;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>Reads the whole state column of a store: totals for the supply invariant, and the root recomputed from scratch.</summary>
internal static class StateInspector
{
    public sealed record Totals(ulong Balances, ulong Pending, ulong Supply, ulong Escrow = 0);

    public static Totals Sum(IKeyValueStore store)
    {
        ulong balances = 0, pending = 0, supply = 0, escrow = 0;
        foreach (var (key, value) in store.Iterate(LedgerColumns.State, []))
        {
            switch (key[0])
            {
                case StateKeys.AccountPrefix: balances = checked(balances + AccountState.Decode(value).Balance.Units); break;
                case StateKeys.PendingPayoutsPrefix:
                    foreach (var p in PayoutListCodec.Decode(value)) pending = checked(pending + p.Amount.Units);
                    break;
                case StateKeys.SupplyPrefix: supply = BinaryPrimitives.ReadUInt64LittleEndian(value); break;
                case Hashmint.Ledger.Market.MarketKeys.Prefix when key.AsSpan().SequenceEqual(Hashmint.Ledger.Market.MarketKeys.Escrow): escrow = BinaryPrimitives.ReadUInt64LittleEndian(value); break;
                default: break; // NFT records and other market records hold no coins
            }
        }
        return new Totals(balances, pending, supply, escrow);
    }

    /// <summary>Asserts balances + pending payouts + market escrow == recorded supply == the subsidies of blocks 1..tip.</summary>
    public static void AssertSupplyInvariant(TestNode node)
    {
        var totals = Sum(node.Store);
        ulong subsidies = 0;
        for (uint h = 1; h <= node.Tip.Height; h++) subsidies += node.Params.SubsidyAt(h).Units;
        Assert.Equal(totals.Supply, totals.Balances + totals.Pending + totals.Escrow);
        MarketInspector.AssertEscrowMatchesObjects(node.Store);
        Assert.Equal(subsidies, totals.Supply);
    }

    public static List<KeyValuePair<byte[], byte[]>> All(IKeyValueStore store) => store.Iterate(LedgerColumns.State, []).ToList();

    /// <summary>The state root computed from nothing but the stored state pairs, in a fresh store.</summary>
    public static Hash256 RecomputeRoot(IKeyValueStore store)
    {
        var changes = All(store).Select(kv => new KeyValuePair<byte[], byte[]?>(kv.Key, kv.Value)).ToList();
        using var fresh = new MemoryKeyValueStore();
        using var batch = fresh.CreateBatch();
        return new StateCommitment(fresh).Apply(Hash256.Zero, changes, batch);
    }

    public static void AssertSameState(IKeyValueStore expected, IKeyValueStore actual)
    {
        var a = All(expected);
        var b = All(actual);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Key, b[i].Key);
            Assert.Equal(a[i].Value, b[i].Value);
        }
    }
}

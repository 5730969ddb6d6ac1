using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Nft.Support;

/// <summary>
/// The state machine without a chain: funded accounts under a state overlay, transactions applied at a chosen
/// height through the chain's <see cref="BlockStateTransition"/>, exact rejection codes, and a check that a refused
/// transaction leaves no trace.
/// </summary>
internal sealed class NftSandbox
{
    public const ulong StartBalance = 1_000_000_000;

    public ChainParams Params { get; } = ChainParams.Regtest;
    public StateOverlay State { get; }
    public uint Height { get; set; } = 100;
    public uint BlockTime => Params.GenesisTime + 30 * Height;

    public NftSandbox(params int[] fundedKeys)
    {
        var genesis = new FakeState();
        foreach (int key in fundedKeys.Length == 0 ? Enumerable.Range(1, 9) : fundedKeys) genesis.With(TestKeys.Id(key), StartBalance);
        State = new StateOverlay(genesis);
    }

    public Transaction Sign(int key, params Operation[] ops) => NftTx.Sign(key, State.GetAccount(TestKeys.Id(key)).Nonce, ops);

    public Transaction Apply(int key, params Operation[] ops)
    {
        var tx = Sign(key, ops);
        var transition = new BlockStateTransition(Params, OperationRegistry.Default);
        transition.ApplyTransaction(new Blocks.BlockContext(State, Params, Height, Hash256.Zero, BlockTime, Params.PowLimitBits, AccountId.None), tx);
        return tx;
    }

    /// <summary>The code a transaction is refused with; the state must be exactly as before.</summary>
    public string Reject(int key, params Operation[] ops)
    {
        var before = Snapshot();
        var e = Assert.Throws<RejectedException>(() => Apply(key, ops));
        Assert.Equal(before, Snapshot());
        return e.Rejection.Code;
    }

    private string Snapshot() => string.Join("|", State.Changes().Select(kv => $"{Convert.ToHexString(kv.Key)}={(kv.Value is null ? "-" : Convert.ToHexString(kv.Value))}"));

    public CollectionState Collection(string id) => State.GetCollection(id) ?? throw new InvalidOperationException($"no collection {id}");
    public TokenState? Token(string collection, ulong tokenId) => State.GetToken(collection, tokenId);
    public AccountId Owner(string collection, ulong tokenId) => (Token(collection, tokenId) ?? throw new InvalidOperationException($"no token {collection}#{tokenId}")).Owner;
    public ulong Balance(int key) => State.GetAccount(TestKeys.Id(key)).Balance.Units;

    /// <summary>A valid proof for the collection's next mint, won by <paramref name="minterKey"/>.</summary>
    public MineMintOperation Proof(string collection, int minterKey) =>
        MintProofMiner.Mine(Collection(collection), TestKeys.Id(minterKey), BlockTime);
}

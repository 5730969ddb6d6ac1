using BenchmarkDotNet.Attributes;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;
using Hashmint.Storage;

namespace Hashmint.Bench.Nft;

/// <summary>
/// Validation of one proof-of-work mint: decode the header, check it builds on the collection's last mint, rebuild
/// the commitment from chain, collection and minter, hash the header, compare with the target, and write the token
/// and the retargeted collection to a state overlay. (Signature checks are measured separately.)
/// </summary>
[MemoryDiagnoser]
public class MintValidationBenchmarks
{
    private const string Collection = "bench-art";
    private ChainParams _params = ChainParams.Regtest;
    private IStateReader _state = null!;
    private MineMintOperation _proof = null!;
    private OperationContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var creator = new AccountId(new Hash256(Enumerable.Repeat((byte)7, 32).ToArray()));
        var minter = new AccountId(new Hash256(Enumerable.Repeat((byte)9, 32).ToArray()));
        var def = new CollectionDefinition(Collection, "Bench Art", "BART", CollectionKind.Art, 1_000_000, 0, [], TransferPolicy.Free,
            MintPolicy.ProofOfWork, Amount.Zero, new PowMintParams(0x1f00ffff, 5, 50), null, null);
        var store = new MemoryKeyValueStore();
        var overlay = new StateOverlay(new StoreStateReader(store));
        var create = new CreateCollectionOperation(def);
        OperationRegistry.Default.For(create).Apply(create, new OperationContext(overlay, creator, _params, 10, 1_795_000_000, Hash256.Zero));
        var batch = store.CreateBatch();
        foreach (var (k, v) in overlay.Changes()) batch.Put(LedgerColumns.State, k, v!);
        store.Write(batch);
        _state = new StoreStateReader(store);

        // Find a real proof for the collection's first slot (bits 0x1f00ffff: ~65,000 hashes).
        var c = _state.GetCollection(Collection)!;
        var prefix = MintProof.PreimagePrefix(_params.ChainId, Collection, minter);
        var extranonce = new byte[8];
        var target = CompactTarget.ToTarget(c.Bits)!.Value;
        var header = new BlockHeader(1, c.LastMintHash, MintProof.Commitment(prefix, extranonce), 1_795_000_000, c.Bits, 0);
        for (uint nonce = 0; ; nonce++)
        {
            var candidate = header with { Nonce = nonce };
            if (!CompactTarget.MeetsTarget(candidate.Hash, target)) continue;
            _proof = new MineMintOperation(Collection, minter, candidate.ToBytes(), extranonce);
            break;
        }
        _context = new OperationContext(null!, minter, _params, 11, 1_795_000_100, Hash256.Zero);
    }

    [Benchmark(Description = "validate + apply one proof-of-work mint")]
    public int ValidateMint()
    {
        var overlay = new StateOverlay(_state);
        OperationRegistry.Default.For(_proof).Apply(_proof, _context with { State = overlay });
        return overlay.Changes().Count;
    }
}

using Hashmint.Ledger.Operations;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// The one replay from genesis, shared by the snapshot's confirming replay (<see cref="ChainManager.VerifySnapshot"/>)
/// and <see cref="StateVerifier"/>: the stored main chain's blocks 1 to a height go, with full validation, into a fresh
/// chain on a <see cref="ReplayScratch"/> store (scratch RocksDB beside a RocksDB ledger, memory otherwise).
/// </summary>
internal sealed class ChainReplay : IDisposable
{
    private readonly ReplayScratch _scratch;

    private ChainReplay(ReplayScratch scratch, ChainManager chain, string? failure)
    {
        _scratch = scratch;
        Chain = chain;
        Failure = failure;
    }

    /// <summary>The replayed chain, on the scratch store (valid until dispose).</summary>
    public ChainManager Chain { get; }

    /// <summary>Why the replay stopped before the height (null: every block connected).</summary>
    public string? Failure { get; }

    /// <summary>The scratch database's directory (null: in memory).</summary>
    public string? ScratchDirectory => _scratch.Directory;

    /// <summary>Replays <paramref name="source"/>'s main chain from block 1 to <paramref name="toHeight"/>. Dispose the result: it deletes the scratch.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired (the scratch is deleted).</exception>
    public static ChainReplay Run(ChainManager source, uint toHeight, CancellationToken cancel = default)
    {
        var scratch = ReplayScratch.For(source.Blocks.Store);
        try
        {
            var chain = new ChainManager(scratch.Store, source.Params, source.Operations, source.Clock) { ParallelSignatureChecks = source.ParallelSignatureChecks };
            return new ChainReplay(scratch, chain, Replay(source, chain, toHeight, cancel));
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    private static string? Replay(ChainManager source, ChainManager replay, uint toHeight, CancellationToken cancel)
    {
        for (uint h = 1; h <= toHeight; h++)
        {
            cancel.ThrowIfCancellationRequested();
            if (source.MainChainAt(h) is not { } entry) return $"the main chain has no block {h}";
            var block = source.GetBlock(entry.Hash);
            if (block is null) return $"block {h} has no body";
            ProcessResult r;
            try { r = replay.ProcessBlock(block); }
            catch (RejectedException e) { return $"block {h} {entry.Hash} is refused on replay: {e.Rejection}"; }
            if (r.Outcome != BlockOutcome.Connected) return $"block {h} {entry.Hash} does not connect on replay: {r.Outcome} {r.Rejection}";
        }
        return null;
    }

    public void Dispose() => _scratch.Dispose();
}

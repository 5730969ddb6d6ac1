using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;
using Hashmint.Storage;
using Microsoft.Extensions.Logging;

namespace Hashmint.Network;

/// <summary>Where a snapshot sync stands (docs/NETWORK.md, "Snapshot sync").</summary>
/// <param name="Phase"><c>headers</c>, <c>body</c>, <c>state</c>, <c>started</c> (the ledger runs from the snapshot), <c>abandoned</c> (normal sync instead), <c>skipped</c> (the ledger was not fresh).</param>
public sealed record SnapshotSyncStatus(string Phase, uint? Height, string? Block, int Attempts, int Chunks, int Pairs, string? LastError);

/// <summary>
/// Snapshot sync, client side: a fresh node takes headers first, chooses a block on the best header chain (a
/// snapshot height at least <see cref="NetworkOptions.SnapshotDepth"/> below its tip, then the tip itself), fetches
/// that block's body (the anchor of the state root), downloads the state proven against it, starts the ledger from
/// it, and only then downloads the bodies above it like any node. While it runs, no other body is downloaded.
/// </summary>
public sealed partial class NetworkService
{
    private volatile bool _snapshotPending;
    private Hash256? _snapshotTarget; // under _downloadSync
    private TaskCompletionSource<Block>? _snapshotBody; // under _downloadSync
    private volatile SnapshotSyncStatus? _snapshotStatus;
    private readonly TaskCompletionSource<ChainPoint> _snapshotStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _snapshotLoop;

    /// <summary>Null unless <see cref="NetworkOptions.SnapshotSync"/> was asked for.</summary>
    public SnapshotSyncStatus? SnapshotSync => _snapshotStatus;

    /// <summary>Completes with the snapshot block once the ledger runs from it; fails when the snapshot sync is abandoned or skipped.</summary>
    public Task<ChainPoint> SnapshotStarted => _snapshotStarted.Task;

    private void StartSnapshotSync()
    {
        if (_ledger.Tip.Height != 0 || _ledger.ValidatedFrom is not null)
        {
            var why = _ledger.ValidatedFrom is { } f ? $"the ledger already started from a snapshot at {f.Height}" : $"the ledger already has blocks (tip {_ledger.Tip.Height})";
            _snapshotStatus = new SnapshotSyncStatus("skipped", null, null, 0, 0, 0, why);
            _snapshotStarted.TrySetException(new StateSyncException($"snapshot sync skipped: {why}"));
            LogSnapshotSkipped(why);
            return;
        }
        _snapshotPending = true;
        _snapshotStatus = new SnapshotSyncStatus("headers", null, null, 0, 0, 0, null);
        _snapshotLoop = Task.Run(SnapshotLoopAsync, CancellationToken.None);
    }

    private async Task SnapshotLoopAsync()
    {
        int attempts = 0;
        string? lastError = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (_ledger.Tip.Height != 0)
                {
                    Abandon($"the chain moved off genesis (tip {_ledger.Tip.Height}) before a snapshot was taken");
                    return;
                }
                if (!HeadersCaughtUp(out var best))
                {
                    await Task.Delay(Options.Tick, _stop.Token).ConfigureAwait(false);
                    continue;
                }
                attempts++;
                foreach (var candidate in SnapshotCandidates(best))
                {
                    try
                    {
                        _snapshotStatus = new SnapshotSyncStatus("body", candidate.Height, candidate.Hash.ToString(), attempts, 0, 0, lastError);
                        var body = await FetchSnapshotBodyAsync(candidate.Hash).ConfigureAwait(false);
                        var root = StateAnchor.FromBlock(body, candidate.Hash);
                        _snapshotStatus = new SnapshotSyncStatus("state", candidate.Height, candidate.Hash.ToString(), attempts, 0, 0, lastError);
                        var snapshot = await DownloadStateAsync(candidate.Hash, root, _stop.Token).ConfigureAwait(false);
                        var started = _ledger.StartFromSnapshot([], body, snapshot.Pairs);
                        _snapshotStatus = new SnapshotSyncStatus("started", candidate.Height, candidate.Hash.ToString(), attempts, snapshot.Chunks, snapshot.Pairs.Count, lastError);
                        LogSnapshotStarted(candidate.Height, candidate.Hash, snapshot.Pairs.Count, snapshot.Chunks, started.Height);
                        Finish();
                        _snapshotStarted.TrySetResult(_ledger.ValidatedFrom ?? started);
                        return;
                    }
                    catch (Exception e) when (e is StateSyncException or TimeoutException or InvalidDataException or RejectedException)
                    {
                        lastError = $"block {candidate.Height} {candidate.Hash}: {e.Message}";
                        LogSnapshotAttemptFailed(candidate.Height, candidate.Hash, e.Message);
                    }
                }
                _snapshotStatus = new SnapshotSyncStatus("headers", null, null, attempts, 0, 0, lastError);
                await Task.Delay(Options.SnapshotRetryDelay, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _snapshotStarted.TrySetCanceled();
        }
        catch (InvalidOperationException e)
        {
            Abandon(e.Message); // the ledger is no longer fresh
        }
    }

    private void Abandon(string why)
    {
        _snapshotStatus = new SnapshotSyncStatus("abandoned", null, null, _snapshotStatus?.Attempts ?? 0, 0, 0, why);
        LogSnapshotAbandoned(why);
        Finish();
        _snapshotStarted.TrySetException(new StateSyncException($"snapshot sync abandoned: {why}"));
    }

    /// <summary>Back to normal body downloads, from the tip (the snapshot block) up.</summary>
    private void Finish()
    {
        lock (_downloadSync)
        {
            _snapshotPending = false;
            lock (_shortOfWork) _shortOfWork.Clear();
            _snapshotTarget = null;
            _snapshotBody = null;
            _missingStale = true;
            _missing = [];
            _arrived.Clear();
            _scanFrom = 0;
        }
        PumpDownloads(refresh: true);
    }

    /// <summary>
    /// A ready peer serves state, and every ready peer's headers up to the work it announced are here — except peers
    /// (by address) that fell short of their announced work during this wait (<see cref="CheckHeadersAnswer"/>).
    /// </summary>
    private bool HeadersCaughtUp(out ChainPoint best)
    {
        best = _ledger.BestHeader;
        var ready = ReadyPeers().ToList();
        if (!ready.Any(ServesState)) return false;
        if (best.Height == 0) return false; // nothing to take a snapshot of yet
        foreach (var p in ready)
        {
            if (FellShort(p)) continue;
            if (p.HeadersRequestedTicks != 0) return false;
            // By work, not height: a longer chain with less work is never stored here (low-work headers are held, then dropped).
            if (p.Version!.BestWork > best.ChainWork) { RequestHeaders(p); return false; }
        }
        return true;
    }

    /// <summary>
    /// The snapshot heights at least <see cref="NetworkOptions.SnapshotDepth"/> below the best header, newest first
    /// (<see cref="SnapshotHeights.Candidates"/>: what every server keeps), then the best header itself (servers
    /// answer for their tip too: for a chain shorter than the depth, or one that is not moving).
    /// </summary>
    private List<ChainPoint> SnapshotCandidates(ChainPoint best)
    {
        var list = new List<ChainPoint>();
        var heights = SnapshotHeights.Candidates(best.Height, Options.SnapshotDepth, SnapshotInterval);
        // Walk the best header's own branch (it need not be the main chain yet: the tip is genesis).
        var at = best;
        foreach (var height in heights)
        {
            while (at.Height > height && _ledger.FindHeader(at.Header.PreviousHash) is { } parent) at = parent;
            if (at.Height == height) list.Add(at);
        }
        list.Add(best);
        return list;
    }

    /// <summary>The body of the snapshot block: already stored, or asked of a peer that has it (the download loop picks one).</summary>
    private async Task<Block> FetchSnapshotBodyAsync(Hash256 hash)
    {
        if (_ledger.GetBlock(hash) is { } stored) return stored;
        TaskCompletionSource<Block> waiting;
        lock (_downloadSync)
        {
            _snapshotTarget = hash;
            _snapshotBody = waiting = new TaskCompletionSource<Block>(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrived.Remove(hash);
        }
        PumpDownloads(refresh: true);
        if (_ledger.GetBlock(hash) is { } raced) return raced;
        return await waiting.Task.WaitAsync(Options.SnapshotBodyTimeout, _stop.Token).ConfigureAwait(false);
    }

    /// <summary>Called with every block a peer delivered that the ledger did not refuse.</summary>
    private void SnapshotBodyArrived(Block block)
    {
        if (!_snapshotPending) return;
        TaskCompletionSource<Block>? waiting = null;
        lock (_downloadSync)
            if (_snapshotTarget == block.Hash) waiting = _snapshotBody;
        waiting?.TrySetResult(block);
    }

    /// <summary>While a snapshot sync runs, the download window is only the snapshot block's body (once asked for).</summary>
    private void SnapshotWindow()
    {
        var want = _snapshotTarget is { } t && !_arrived.Contains(t) ? t : (Hash256?)null;
        if (want is { } w ? _missing.Count != 1 || _missing[0] != w : _missing.Count != 0)
        {
            _missing = want is { } x ? [x] : [];
            _scanFrom = 0;
        }
    }

    private Task? _verifyTask;
    private volatile string? _verifyResult;

    /// <summary>How the replay from genesis that confirms the snapshot ended (null while it has not run).</summary>
    public string? SnapshotVerification => _verifyResult;

    /// <summary>Once every body below the snapshot is backfilled, replays them once in the background to confirm it.</summary>
    private void MaybeVerifySnapshot()
    {
        if (!Options.Backfill || _verifyTask is not null || _ledger.Backfill is not { Missing: 0, Verified: false }) return;
        _verifyResult = "replaying the blocks below the snapshot from genesis";
        _verifyTask = Task.Run(() =>
        {
            try
            {
                var (verified, detail) = _ledger.VerifySnapshot(_stop.Token);
                _verifyResult = detail;
                if (verified) LogSnapshotVerified(detail); else LogSnapshotNotVerified(detail);
            }
            catch (OperationCanceledException) { /* shutting down: the next start replays again */ }
            catch (Exception e) when (e is InvalidOperationException or StorageException or IOException or UnauthorizedAccessException)
            {
                _verifyResult = e.Message;
                LogSnapshotNotVerified(e.Message);
            }
        });
    }

    private async Task StopSnapshotAsync()
    {
        if (_snapshotLoop is not null) await _snapshotLoop.ConfigureAwait(false);
        if (_verifyTask is not null) await _verifyTask.ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "backfill: the snapshot is confirmed, the node is fully validated: {Detail}")]
    private partial void LogSnapshotVerified(string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "backfill: the replay from genesis does NOT confirm the snapshot: {Detail}")]
    private partial void LogSnapshotNotVerified(string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "snapshot sync: the ledger runs from block {Height} {Hash} ({Pairs} state pairs in {Chunks} proven chunks), tip {Tip}; blocks below it are not backfilled")]
    private partial void LogSnapshotStarted(uint height, Hash256 hash, int pairs, int chunks, uint tip);

    [LoggerMessage(Level = LogLevel.Information, Message = "snapshot sync: block {Height} {Hash} failed: {Reason}")]
    private partial void LogSnapshotAttemptFailed(uint height, Hash256 hash, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "snapshot sync abandoned, syncing every block instead: {Reason}")]
    private partial void LogSnapshotAbandoned(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "snapshot sync skipped: {Reason}")]
    private partial void LogSnapshotSkipped(string reason);
}

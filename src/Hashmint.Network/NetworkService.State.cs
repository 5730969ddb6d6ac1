using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Network.Peers;
using Hashmint.Network.Wire;
using Hashmint.Storage;

namespace Hashmint.Network;

/// <summary>The state at one block, downloaded in chunks, each proven complete against the root the block's coinbase commits to.</summary>
public sealed record StateSnapshot(Hash256 Block, Hash256 StateRoot, IReadOnlyList<KeyValuePair<byte[], byte[]>> Pairs, int Chunks, int Requests)
{
    /// <summary>Proven chunks by the address of the peer that served them.</summary>
    public IReadOnlyDictionary<string, int> ChunksByPeer { get; init; } = new Dictionary<string, int>();
}

/// <summary>No peer (left) could serve the state asked for.</summary>
public sealed class StateSyncException(string message) : Exception(message);

/// <summary>The root to check a snapshot against, taken from a block body whose header is in our header chain.</summary>
public static class StateAnchor
{
    /// <summary>
    /// The state root committed by <paramref name="body"/>, after checking that it is the block <paramref name="expected"/>
    /// (the header hashes to it) and that its transactions (coinbase included) are the ones the header's Merkle root commits to.
    /// </summary>
    public static Hash256 FromBlock(Block body, Hash256 expected)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Hash != expected) throw new InvalidDataException($"the body is block {body.Hash}, not {expected}");
        if (body.ComputeMerkleRoot() != body.Header.MerkleRoot)
            throw new InvalidDataException($"block {expected}: its transactions do not match the header's Merkle root");
        return body.Coinbase.StateRoot;
    }
}

public sealed partial class NetworkService
{
    private StateChunkSource? _stateSource;
    // Our getstates still owed an answer, by peer and chunk, under _stateRequestSync.
    private readonly Dictionary<(int Peer, Hash256 Block, byte Depth, uint Path), OwedStateChunk> _stateRequests = [];
    private readonly object _stateRequestSync = new();

    /// <summary>
    /// A chunk asked of a peer: who waits for it, and how many answers the peer owes — more than one when a request
    /// given up (its download was cancelled) was asked again before its answer came. Answers to requests we made are
    /// never a protocol violation, late or not.
    /// </summary>
    private sealed class OwedStateChunk
    {
        public TaskCompletionSource<StateChunkMessage?> Waiting = NewWaiting();
        public int Answers = 1;

        public static TaskCompletionSource<StateChunkMessage?> NewWaiting() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ConcurrentDictionary<StateDownload, byte> _stateDownloads = new();

    private int _pruneQueued;

    /// <summary>
    /// After the tip moved: drops state indexes no longer served (the old tip's, an aged-out height's) in the
    /// background, so they do not stay in memory until the next getstate. One prune at a time; tips meanwhile join it.
    /// </summary>
    private void PruneStateIndexes()
    {
        if (_stateSource is not { } source || Interlocked.Exchange(ref _pruneQueued, 1) == 1) return;
        _ = Task.Run(() =>
        {
            Volatile.Write(ref _pruneQueued, 0);
            try { source.Prune(); }
            catch (Exception e) when (e is InvalidOperationException or StorageException) { /* the next getstate tries again */ }
        });
    }

    private StateServingStatus StateServing()
    {
        var heights = Options.ServeState ? SnapshotHeights.ServedAt(_ledger.Tip.Height, SnapshotInterval, _ledger.ValidatedFrom?.Height ?? 0) : [];
        return new StateServingStatus(Options.ServeState, SnapshotInterval, heights, _stateSource?.KeptHeights() ?? [],
            Interlocked.Read(ref GetStatesAnswered), Interlocked.Read(ref GetStatesRefused));
    }

    private static bool ServesState(Peer peer) => peer.Version is { } v && (v.Services & VersionMessage.StateChunks) != 0;

    /// <summary>Getstates answered from the state (proofs made) and refused because the peer's queue was full.</summary>
    internal long GetStatesAnswered, GetStatesRefused;

    /// <summary>
    /// Queued per peer and answered by one task per peer at the pace of its byte budget (<see cref="Peer.StateBytes"/>):
    /// a peer asking faster waits longer for its answers; one more than <see cref="NetworkOptions.MaxGetStateQueued"/>
    /// waiting (the one being answered included) is refused (unavailable) without touching the ledger. So a flood costs the node at most the budget's
    /// worth of proofs, whatever the request rate.
    /// </summary>
    private void OnGetState(Peer peer, GetStateMessage m)
    {
        if (!Options.ServeState)
        {
            peer.Send(Commands.StateChunk, StateChunkMessage.Refusal(m, StateChunkStatus.Unavailable).Encode());
            return;
        }
        lock (peer.GetStates)
        {
            if (peer.GetStates.Count >= Options.MaxGetStateQueued)
            {
                Interlocked.Increment(ref GetStatesRefused);
                peer.Send(Commands.StateChunk, StateChunkMessage.Refusal(m, StateChunkStatus.Unavailable).Encode());
                return;
            }
            peer.GetStates.Enqueue(m);
            if (peer.ServingState) return;
            peer.ServingState = true;
        }
        _ = Task.Run(() => ServeStateAsync(peer), CancellationToken.None);
    }

    private TokenBucket? _stateBytesAll;
    private TokenBucket StateBytesAll => LazyInitializer.EnsureInitialized(ref _stateBytesAll,
        () => new TokenBucket(Options.GetStateNodeBytesPerSecond, Options.GetStateNodeBurstBytes, Clock));

    private TimeSpan Until(Peer peer)
    {
        var own = peer.StateBytes.UntilPaid();
        var all = StateBytesAll.UntilPaid();
        return own > all ? own : all;
    }

    private async Task ServeStateAsync(Peer peer)
    {
        var source = LazyInitializer.EnsureInitialized(ref _stateSource, () => new StateChunkSource(_ledger, SnapshotInterval));
        try
        {
            while (true)
            {
                GetStateMessage m;
                lock (peer.GetStates)
                {
                    // Peeked, not taken: the one waiting for the budget still counts against the queue's cap.
                    if (peer.IsClosed || !peer.GetStates.TryPeek(out m!))
                    {
                        peer.ServingState = false;
                        return;
                    }
                }
                // Both budgets, the peer's and the node's, must be out of debt (the node's may fall back in while this waits).
                for (var wait = Until(peer); wait > TimeSpan.Zero; wait = Until(peer)) await Task.Delay(wait, Clock, peer.Closing).ConfigureAwait(false);
                var answer = source.Answer(m, out long indexedBytes);
                if (answer.Status != StateChunkStatus.Unavailable) Interlocked.Increment(ref GetStatesAnswered);
                var bytes = answer.Encode();
                // A "too large" refusal is small but scanned up to the cap; building a block's index scanned its whole
                // state (a peer asking for each new tip pays for each rebuild, and all peers' rebuilds share the node's budget).
                double cost = Math.Max(Options.GetStateMinCost, answer.Status == StateChunkStatus.TooLarge ? StateChunkMessage.MaxBytes : bytes.Length) + indexedBytes;
                peer.StateBytes.Spend(cost);
                StateBytesAll.Spend(cost);
                peer.Send(Commands.StateChunk, bytes);
                lock (peer.GetStates) peer.GetStates.Dequeue();
            }
        }
        catch (OperationCanceledException) { Stopped(); }
        catch (Exception e)
        {
            Stopped();
            peer.Disconnect($"getstate failed: {e.Message}");
        }

        void Stopped()
        {
            lock (peer.GetStates)
            {
                peer.GetStates.Clear();
                peer.ServingState = false;
            }
        }
    }

    private void OnStateChunk(Peer peer, StateChunkMessage m)
    {
        var key = (peer.Id, m.Block, m.Depth, m.Path);
        TaskCompletionSource<StateChunkMessage?> waiting;
        lock (_stateRequestSync)
        {
            if (!_stateRequests.TryGetValue(key, out var owed))
                throw new MisbehaviourException(BanReasons.ProtocolViolation, $"a statechunk {m.Path}/{m.Depth} of block {m.Block} nobody asked for");
            if (--owed.Answers == 0) _stateRequests.Remove(key);
            waiting = owed.Waiting;
        }
        waiting.TrySetResult(m); // a request given up is completed already: its answer is dropped
    }

    private void ForgetStateRequests(Peer peer)
    {
        var gone = new List<TaskCompletionSource<StateChunkMessage?>>();
        lock (_stateRequestSync)
            foreach (var (key, owed) in _stateRequests.ToList())
                if (key.Peer == peer.Id)
                {
                    _stateRequests.Remove(key);
                    gone.Add(owed.Waiting);
                }
        foreach (var waiting in gone) waiting.TrySetResult(null);
    }

    /// <summary>
    /// Downloads the state at <paramref name="block"/> from every ready peer that serves state (service bit 2), up to
    /// <see cref="NetworkOptions.StateChunksInFlightPerPeer"/> chunks in flight at each, and checks each chunk against
    /// <paramref name="stateRoot"/> (see <see cref="StateAnchor"/>): a chunk that does not prove bans its peer
    /// (<c>invalid-state-chunk</c>) and is asked of another. Starts with 2^StateStartDepth chunks; one a peer says is
    /// too large is asked for as its two halves. Peers that become ready meanwhile are used too. The pairs come in
    /// tree-key order. Throws <see cref="StateSyncException"/> when chunks remain and no peer is left to ask.
    /// </summary>
    public async Task<StateSnapshot> DownloadStateAsync(Hash256 block, Hash256 stateRoot, CancellationToken cancel = default)
    {
        var download = new StateDownload(this, block, stateRoot, cancel);
        _stateDownloads.TryAdd(download, 0);
        try { return await download.RunAsync().ConfigureAwait(false); }
        finally { _stateDownloads.TryRemove(download, out _); }
    }

    /// <summary>Ready peers that serve state.</summary>
    internal IEnumerable<Peer> StatePeers() => ReadyPeers().Where(ServesState);

    /// <summary>Tells running state downloads that a peer finished its handshake.</summary>
    private void WakeStateDownloads()
    {
        foreach (var d in _stateDownloads.Keys) d.PeerJoined();
    }

    /// <summary>One getstate and its answer; null when the peer went away or did not answer in time (then it is disconnected).</summary>
    internal async Task<StateChunkMessage?> RequestStateChunkAsync(Peer peer, GetStateMessage m, CancellationToken cancel)
    {
        var key = (peer.Id, m.Block, m.Depth, m.Path);
        TaskCompletionSource<StateChunkMessage?> waiting;
        lock (_stateRequestSync)
        {
            if (_stateRequests.TryGetValue(key, out var owed))
            {
                if (!owed.Waiting.Task.IsCompleted) throw new StateSyncException($"state chunk {m.Path}/{m.Depth} of block {m.Block} is already being asked of peer {peer.Id} by another download");
                owed.Waiting = waiting = OwedStateChunk.NewWaiting(); // asked again after it was given up: the peer owes one more
                owed.Answers++;
            }
            else
            {
                owed = new OwedStateChunk();
                waiting = owed.Waiting;
                _stateRequests[key] = owed;
            }
        }
        peer.Send(Commands.GetState, m.Encode());
        if (peer.IsClosed) ForgetStateRequests(peer);
        try
        {
            return await waiting.Task.WaitAsync(Options.StateChunkTimeout, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Disconnected first: an answer arriving in between then finds its request still owed, not a violation
            // (the disconnect forgets the peer's requests).
            peer.Disconnect($"state chunk {m.Path}/{m.Depth} not delivered in {Options.StateChunkTimeout.TotalSeconds:0} s");
            lock (_stateRequestSync) _stateRequests.Remove(key);
            return null;
        }
        finally
        {
            // A request given up stays owed (completed): the peer may still answer it. The answer or the peer's
            // disconnect removes it.
            if (cancel.IsCancellationRequested) waiting.TrySetCanceled();
        }
    }
}

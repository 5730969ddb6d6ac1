using Hashmint.Core.Primitives;
using Hashmint.Network.Peers;
using Hashmint.Network.Wire;

namespace Hashmint.Network;

/// <summary>
/// One snapshot download's scheduler: keeps up to <see cref="NetworkOptions.StateChunksInFlightPerPeer"/> chunks in
/// flight at every ready peer that serves state and has not refused this block (or timed out), re-queues the chunks of
/// a peer that failed, splits "too large" chunks, and checks every answer against the root. One loop owns all of its
/// state; only the "a peer became ready" signal comes from other threads.
/// </summary>
internal sealed class StateDownload
{
    private readonly NetworkService _net;
    private readonly Hash256 _block;
    private readonly Hash256 _root;
    private readonly CancellationToken _cancel;
    private readonly Stack<(byte Depth, uint Path)> _pending = new();
    private readonly Dictionary<Task<StateChunkMessage?>, (Peer Peer, byte Depth, uint Path)> _inFlight = [];
    private readonly Dictionary<int, int> _inFlightByPeer = [];
    private readonly HashSet<int> _cannot = []; // peers that do not have this block's state (or timed out)
    // Proven chunks by where their path starts in tree-key order, so the pairs come out in tree-key order whatever the arrival order.
    private readonly SortedDictionary<ulong, IReadOnlyList<KeyValuePair<byte[], byte[]>>> _proven = [];
    private readonly Dictionary<string, int> _chunksByPeer = [];
    private volatile TaskCompletionSource _peerJoined = NewSignal();
    private int _chunks, _requests;

    public StateDownload(NetworkService net, Hash256 block, Hash256 root, CancellationToken cancel)
    {
        _net = net;
        _block = block;
        _root = root;
        _cancel = cancel;
        int start = net.Options.StateStartDepth;
        for (long p = (1L << start) - 1; p >= 0; p--) _pending.Push(((byte)start, (uint)p));
    }

    /// <summary>Called (from any thread) when a peer finished its handshake: it may serve state too.</summary>
    public void PeerJoined() => _peerJoined.TrySetResult();

    public async Task<StateSnapshot> RunAsync()
    {
        while (_pending.Count > 0 || _inFlight.Count > 0)
        {
            _cancel.ThrowIfCancellationRequested();
            if (_peerJoined.Task.IsCompleted) _peerJoined = NewSignal(); // before Assign: a peer joining after this wakes the next wait
            Assign();
            if (_inFlight.Count == 0)
            {
                var (depth, path) = _pending.Peek();
                throw new StateSyncException($"no peer left that serves the state of block {_block} (chunk {path}/{depth}; {_chunks} chunks done)");
            }
            var done = await Task.WhenAny(_inFlight.Keys.Append<Task>(_peerJoined.Task)).ConfigureAwait(false);
            if (done is Task<StateChunkMessage?> answered) Handle(answered);
        }
        var pairs = new List<KeyValuePair<byte[], byte[]>>();
        foreach (var chunk in _proven.Values) pairs.AddRange(chunk);
        return new StateSnapshot(_block, _root, pairs, _chunks, _requests) { ChunksByPeer = _chunksByPeer };
    }

    /// <summary>Hands out pending chunks, each to the usable peer with the fewest in flight, up to the per-peer cap.</summary>
    private void Assign()
    {
        int cap = Math.Max(1, _net.Options.StateChunksInFlightPerPeer);
        var peers = _net.StatePeers().Where(p => !_cannot.Contains(p.Id)).OrderBy(p => p.Id).ToList();
        while (_pending.Count > 0)
        {
            Peer? best = null;
            int fewest = cap;
            foreach (var p in peers)
            {
                int n = _inFlightByPeer.GetValueOrDefault(p.Id);
                if (n < fewest) (best, fewest) = (p, n);
            }
            if (best is null) return;
            var (depth, path) = _pending.Pop();
            _requests++;
            _inFlightByPeer[best.Id] = fewest + 1;
            _inFlight.Add(_net.RequestStateChunkAsync(best, new GetStateMessage(_block, depth, path), _cancel), (best, depth, path));
        }
    }

    private void Handle(Task<StateChunkMessage?> task)
    {
        var (peer, depth, path) = _inFlight[task];
        _inFlight.Remove(task);
        _inFlightByPeer[peer.Id]--;
        var answer = task.GetAwaiter().GetResult(); // rethrows a cancellation
        if (answer is null || answer.Status == StateChunkStatus.Unavailable)
        {
            // Gone, timed out (then disconnected) or without this state: its other chunks come back the same way or proven.
            _cannot.Add(peer.Id);
            _pending.Push((depth, path));
            return;
        }
        if (answer.Status == StateChunkStatus.TooLarge)
        {
            if (depth >= _net.Options.StateMaxDepth)
            {
                peer.Misbehaved(BanReasons.ProtocolViolation, $"state chunk {path}/{depth} of block {_block} 'too large' past depth {_net.Options.StateMaxDepth}");
                _pending.Push((depth, path));
                return;
            }
            _pending.Push(((byte)(depth + 1), path * 2 + 1));
            _pending.Push(((byte)(depth + 1), path * 2));
            return;
        }
        if (StateChunkSource.Check(answer, _root) is { } wrong)
        {
            peer.Misbehaved(BanReasons.InvalidStateChunk, wrong);
            _pending.Push((depth, path));
            return;
        }
        _proven.Add(depth == 0 ? 0 : (ulong)path << (64 - depth), answer.Pairs);
        _chunks++;
        var who = peer.Remote.ToString();
        _chunksByPeer[who] = _chunksByPeer.GetValueOrDefault(who) + 1;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

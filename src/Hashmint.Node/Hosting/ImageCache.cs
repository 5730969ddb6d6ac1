using Hashmint.Art;
using Hashmint.Core.Primitives;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Hosting;

/// <summary>
/// Rendered token images by (seed, size). Rendering is deterministic, so an entry never goes stale; the cache only
/// bounds work. Bounded in bytes (least recently used go first), and renders run at most one per core at a time, so
/// a flood of distinct large requests costs CPU time, not unbounded memory.
/// </summary>
public sealed class ImageCache
{
    private readonly object _sync = new();
    private readonly Dictionary<(Hash256, int), LinkedListNode<(Hash256 Seed, int Size, byte[] Png)>> _entries = [];
    private readonly LinkedList<(Hash256 Seed, int Size, byte[] Png)> _recency = new();
    private readonly SemaphoreSlim _renders = new(Math.Max(1, Environment.ProcessorCount));
    private readonly long _maxBytes;
    private long _bytes;

    public ImageCache(IOptions<NodeOptions> options) : this(options.Value.ImageCacheBytes) { }

    public ImageCache(long maxBytes) => _maxBytes = maxBytes;

    public long Bytes { get { lock (_sync) return _bytes; } }

    /// <summary>Renders finished so far (IdleMemoryTrimmer watches it to know when a burst has ended).</summary>
    public long RendersDone => Interlocked.Read(ref _rendersDone);
    private long _rendersDone;
    public int Count { get { lock (_sync) return _entries.Count; } }

    public async Task<byte[]> RenderAsync(Hash256 seed, int size, CancellationToken ct)
    {
        if (TryGet(seed, size) is { } cached) return cached;
        await _renders.WaitAsync(ct);
        try
        {
            if (TryGet(seed, size) is { } raced) return raced;
            var png = CppnArt.RenderPng(seed.ToArray(), size);
            Add(seed, size, png);
            return png;
        }
        finally
        {
            _renders.Release();
            Interlocked.Increment(ref _rendersDone);
        }
    }

    private byte[]? TryGet(Hash256 seed, int size)
    {
        lock (_sync)
        {
            if (!_entries.TryGetValue((seed, size), out var node)) return null;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Png;
        }
    }

    private void Add(Hash256 seed, int size, byte[] png)
    {
        if (png.Length > _maxBytes) return; // would evict everything and still not fit
        lock (_sync)
        {
            if (_entries.ContainsKey((seed, size))) return;
            _entries[(seed, size)] = _recency.AddFirst((seed, size, png));
            _bytes += png.Length;
            while (_bytes > _maxBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove((oldest.Value.Seed, oldest.Value.Size));
                _bytes -= oldest.Value.Png.Length;
            }
        }
    }
}

using System.Collections.Concurrent;
using Hashmint.Art;
using Hashmint.Core.Primitives;

namespace Hashmint.Node.Hosting;

/// <summary>Rendered token images by (seed, size). Rendering is deterministic, so an entry never goes stale; the cache only bounds memory.</summary>
public sealed class ImageCache(int maxEntries = 512)
{
    private readonly ConcurrentDictionary<(Hash256, int), byte[]> _images = new();
    private readonly ConcurrentQueue<(Hash256, int)> _order = new();

    public byte[] Render(Hash256 seed, int size)
    {
        var key = (seed, size);
        if (_images.TryGetValue(key, out var png)) return png;
        png = CppnArt.RenderPng(seed.ToArray(), size);
        if (_images.TryAdd(key, png))
        {
            _order.Enqueue(key);
            while (_images.Count > maxEntries && _order.TryDequeue(out var old)) _images.TryRemove(old, out _);
        }
        return png;
    }
}

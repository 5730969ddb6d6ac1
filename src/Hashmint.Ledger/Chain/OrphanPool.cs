using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Chain;

/// <summary>Blocks whose parent has not arrived yet, bounded in count and in bytes; the oldest go first when full.</summary>
internal sealed class OrphanPool(int maxBlocks, long maxBytes)
{
    private readonly Dictionary<Hash256, (Block Block, long Arrival, int Size)> _byHash = [];
    private long _bytes;
    private readonly Dictionary<Hash256, List<Block>> _byParent = [];
    // Arrival order. Blocks taken out by TakeChildren leave stale entries behind; an entry counts only while its
    // arrival number is the block's current one, and stale entries are compacted away so the queue stays bounded.
    private Queue<(Hash256 Hash, long Arrival)> _arrival = new();
    private long _arrivals;

    public int Count => _byHash.Count;
    public long Bytes => _bytes;
    public bool Contains(Hash256 hash) => _byHash.ContainsKey(hash);

    public void Add(Block block, int encodedSize)
    {
        long arrival = ++_arrivals;
        if (!_byHash.TryAdd(block.Hash, (block, arrival, encodedSize))) return;
        _bytes += encodedSize;
        if (!_byParent.TryGetValue(block.Header.PreviousHash, out var list)) _byParent[block.Header.PreviousHash] = list = [];
        list.Add(block);
        _arrival.Enqueue((block.Hash, arrival));
        while ((_byHash.Count > maxBlocks || _bytes > maxBytes) && _arrival.TryDequeue(out var oldest))
            if (IsCurrent(oldest)) Remove(oldest.Hash);
        if (_arrival.Count > 2 * _byHash.Count + 64) _arrival = new Queue<(Hash256, long)>(_arrival.Where(IsCurrent));
    }

    public IReadOnlyList<Block> TakeChildren(Hash256 parent)
    {
        if (!_byParent.Remove(parent, out var children)) return [];
        foreach (var c in children)
            if (_byHash.Remove(c.Hash, out var held)) _bytes -= held.Size;
        return children;
    }

    private bool IsCurrent((Hash256 Hash, long Arrival) entry) =>
        _byHash.TryGetValue(entry.Hash, out var held) && held.Arrival == entry.Arrival;

    private void Remove(Hash256 hash)
    {
        if (!_byHash.Remove(hash, out var held)) return;
        _bytes -= held.Size;
        var block = held.Block;
        if (_byParent.TryGetValue(block.Header.PreviousHash, out var list))
        {
            list.Remove(block);
            if (list.Count == 0) _byParent.Remove(block.Header.PreviousHash);
        }
    }
}

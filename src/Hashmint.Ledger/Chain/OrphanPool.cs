using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Chain;

/// <summary>Blocks whose parent has not arrived yet, bounded; the oldest is dropped when full.</summary>
public sealed class OrphanPool(int maxBlocks)
{
    private readonly Dictionary<Hash256, Block> _byHash = [];
    private readonly Dictionary<Hash256, List<Block>> _byParent = [];
    private readonly Queue<Hash256> _arrival = new();

    public int Count => _byHash.Count;
    public bool Contains(Hash256 hash) => _byHash.ContainsKey(hash);

    public void Add(Block block)
    {
        if (!_byHash.TryAdd(block.Hash, block)) return;
        if (!_byParent.TryGetValue(block.Header.PreviousHash, out var list)) _byParent[block.Header.PreviousHash] = list = [];
        list.Add(block);
        _arrival.Enqueue(block.Hash);
        while (_byHash.Count > maxBlocks && _arrival.TryDequeue(out var oldest)) Remove(oldest);
    }

    public IReadOnlyList<Block> TakeChildren(Hash256 parent)
    {
        if (!_byParent.Remove(parent, out var children)) return [];
        foreach (var c in children) _byHash.Remove(c.Hash);
        return children;
    }

    private void Remove(Hash256 hash)
    {
        if (!_byHash.Remove(hash, out var block)) return;
        if (_byParent.TryGetValue(block.Header.PreviousHash, out var list))
        {
            list.Remove(block);
            if (list.Count == 0) _byParent.Remove(block.Header.PreviousHash);
        }
    }
}

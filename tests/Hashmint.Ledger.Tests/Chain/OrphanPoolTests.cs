using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Chain;

namespace Hashmint.Ledger.Tests.Chain;

public class OrphanPoolTests
{
    private static Block Orphan(int parent, uint nonce) =>
        new(new BlockHeader(1, ParentHash(parent), Hash256.Zero, 0, 0x207fffff, nonce), new Coinbase(1, 1, 0, [], AccountId.None, Hash256.Zero, []), []);

    private static Hash256 ParentHash(int parent)
    {
        var b = new byte[32];
        BitConverter.TryWriteBytes(b, parent + 1);
        return new Hash256(b);
    }

    [Fact]
    public void KeepsAtMostItsLimitDroppingTheOldest()
    {
        var pool = new OrphanPool(5, long.MaxValue);
        var blocks = Enumerable.Range(0, 8).Select(i => Orphan(i % 3, (uint)i)).ToList();
        foreach (var b in blocks) pool.Add(b, 100);
        Assert.Equal(5, pool.Count);
        Assert.All(blocks.Take(3), b => Assert.False(pool.Contains(b.Hash)));
        Assert.All(blocks.Skip(3), b => Assert.True(pool.Contains(b.Hash)));
        // Dropped blocks are gone from the by-parent index too.
        var children = pool.TakeChildren(ParentHash(0));
        Assert.Equal([blocks[3].Hash, blocks[6].Hash], children.Select(c => c.Hash));
        Assert.Empty(pool.TakeChildren(ParentHash(0)));
        Assert.Equal(3, pool.Count);
    }

    [Fact]
    public void ABlockTakenAndAddedAgainCountsAsNewest()
    {
        var pool = new OrphanPool(3, long.MaxValue);
        var a = Orphan(1, 1);
        pool.Add(a, 100);
        Assert.Single(pool.TakeChildren(ParentHash(1)));
        var b = Orphan(2, 2);
        var c = Orphan(2, 3);
        pool.Add(b, 100);
        pool.Add(c, 100);
        pool.Add(a, 100);
        pool.Add(Orphan(2, 4), 100); // over the limit: the oldest present is b
        Assert.False(pool.Contains(b.Hash));
        Assert.True(pool.Contains(a.Hash));
        Assert.True(pool.Contains(c.Hash));
        Assert.Equal(3, pool.Count);
    }

    [Fact]
    public void ManyBlocksTakenAsChildrenNeverFillThePool()
    {
        var pool = new OrphanPool(4, long.MaxValue);
        for (int i = 0; i < 10_000; i++)
        {
            pool.Add(Orphan(i, (uint)i), 100);
            Assert.Single(pool.TakeChildren(ParentHash(i)));
        }
        Assert.Equal(0, pool.Count);
        var late = Enumerable.Range(0, 4).Select(i => Orphan(-5, (uint)i)).ToList();
        foreach (var b in late) pool.Add(b, 100);
        Assert.All(late, b => Assert.True(pool.Contains(b.Hash)));
    }

    [Fact]
    public void KeepsAtMostItsBytesDroppingTheOldest()
    {
        var pool = new OrphanPool(100, maxBytes: 1_000);
        var blocks = Enumerable.Range(0, 5).Select(i => Orphan(i, (uint)i)).ToList();
        foreach (var b in blocks) pool.Add(b, 300);
        Assert.Equal(3, pool.Count);
        Assert.Equal(900, pool.Bytes);
        Assert.All(blocks.Take(2), b => Assert.False(pool.Contains(b.Hash)));
        Assert.Single(pool.TakeChildren(ParentHash(4)));
        Assert.Equal(600, pool.Bytes);
    }
}

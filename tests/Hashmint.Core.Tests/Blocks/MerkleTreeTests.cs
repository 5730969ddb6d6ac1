using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;

namespace Hashmint.Core.Tests.Blocks;

public class MerkleTreeTests
{
    private static readonly Hash256[] Block100000TxIds =
    [
        Hash256.Parse("8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87"),
        Hash256.Parse("fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4"),
        Hash256.Parse("6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4"),
        Hash256.Parse("e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d"),
    ];

    [Fact]
    public void Block100000RootMatchesBitcoin() =>
        Assert.Equal("f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766", MerkleTree.ComputeRoot(Block100000TxIds).ToString());

    [Fact]
    public void SingleTransactionRootIsItsTxid()
    {
        // Bitcoin's genesis block: one transaction whose txid is the merkle root.
        var genesisCoinbase = Hash256.Parse("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
        Assert.Equal(genesisCoinbase, MerkleTree.ComputeRoot([genesisCoinbase]));
    }

    [Fact]
    public void EmptyListGivesZero() => Assert.Equal(Hash256.Zero, MerkleTree.ComputeRoot([]));

    [Fact]
    public void MatchesAnIndependentReferenceForEveryCountUpTo40()
    {
        var rng = new Random(99);
        for (int n = 1; n <= 40; n++)
        {
            var leaves = RandomHashes(rng, n);
            Assert.Equal(Reference(leaves), MerkleTree.ComputeRoot(leaves));
        }
    }

    [Fact]
    public void OddLevelsPairTheLastHashWithItself()
    {
        var rng = new Random(5);
        var three = RandomHashes(rng, 3);
        var expected = Pair(Pair(three[0], three[1]), Pair(three[2], three[2]));
        Assert.Equal(expected, MerkleTree.ComputeRoot(three));
        // The known duplication weakness: [a,b,c] and [a,b,c,c] share a root (blocks therefore reject repeated txids).
        Assert.Equal(MerkleTree.ComputeRoot(three), MerkleTree.ComputeRoot([.. three, three[2]]));
    }

    [Fact]
    public void ComputeRootDoesNotModifyItsInput()
    {
        var leaves = RandomHashes(new Random(3), 7);
        var copy = leaves.ToArray();
        MerkleTree.ComputeRoot(leaves);
        Assert.Equal(copy, leaves);
    }

    [Fact]
    public void CoinbaseBranchFoldsTheCoinbaseUpToTheRoot()
    {
        var rng = new Random(11);
        for (int n = 1; n <= 33; n++)
        {
            var txids = RandomHashes(rng, n);
            var branch = MerkleTree.CoinbaseBranch(txids);
            var acc = txids[0];
            foreach (var sibling in branch) acc = Pair(acc, sibling);
            Assert.Equal(MerkleTree.ComputeRoot(txids), acc);
        }
        var real = MerkleTree.CoinbaseBranch(Block100000TxIds);
        Assert.Equal(2, real.Count);
        Assert.Equal(Block100000TxIds[1], real[0]);
    }

    private static Hash256[] RandomHashes(Random rng, int n)
    {
        var result = new Hash256[n];
        var b = new byte[32];
        for (int i = 0; i < n; i++) { rng.NextBytes(b); result[i] = new Hash256(b); }
        return result;
    }

    private static Hash256 Pair(Hash256 left, Hash256 right) =>
        new(Sha256d.Hash([.. left.ToArray(), .. right.ToArray()]));

    private static Hash256 Reference(IReadOnlyList<Hash256> leaves)
    {
        var level = leaves.ToList();
        while (level.Count > 1)
        {
            if (level.Count % 2 == 1) level.Add(level[^1]);
            level = Enumerable.Range(0, level.Count / 2).Select(i => Pair(level[2 * i], level[2 * i + 1])).ToList();
        }
        return level[0];
    }
}

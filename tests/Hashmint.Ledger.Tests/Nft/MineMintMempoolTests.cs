using Hashmint.Core.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>Mint proofs in the mempool: one pending proof per mint slot, and proofs made stale by the chain are dropped with their reason.</summary>
public sealed class MineMintMempoolTests : IDisposable
{
    // Keys 1..4 are funded by the first blocks; 1 creates the collection; 9 mines.
    private readonly TestNode _node = new();
    private readonly TestNode _other = new();
    private readonly List<Block> _prefix = [];

    public MineMintMempoolTests()
    {
        foreach (int key in new[] { 1, 2, 3, 4, 9 }) _prefix.Add(_node.Mine(key));
        _node.Queue(1, Create(Pow()));
        _prefix.Add(_node.Mine(9));
        foreach (var b in _prefix) Assert.Equal(BlockOutcome.Connected, _other.Submit(b).Outcome);
    }

    public void Dispose()
    {
        _node.Dispose();
        _other.Dispose();
    }

    private string Refused(Core.Transactions.Transaction tx) => Assert.Throws<RejectedException>(() => _node.AddToMempool(tx)).Rejection.Code;

    [Fact]
    public void ASecondProofForTheSameSlotIsRefused()
    {
        var first = _node.Queue(2, _node.Proof("mined", minterKey: 2));
        var rival = NftTx.Sign(3, 0, _node.Proof("mined", minterKey: 3));
        Assert.Equal(NftRejectCodes.StaleMint, Refused(rival));
        Assert.True(_node.Mempool.Contains(first.Id));
        Assert.False(_node.Mempool.Contains(rival.Id));

        // Once the first is mined, the rival is stale against the tip itself.
        var block = _node.Mine(9);
        Assert.Contains(first.Id, block.Transactions.Select(t => t.Id));
        Assert.Equal(NftRejectCodes.StaleMint, Refused(rival));
    }

    [Fact]
    public void TheSameSenderMayReplaceItsPendingProofWithABetterPaidOne()
    {
        var first = _node.Queue(2, _node.Proof("mined", minterKey: 2));
        var better = NftTx.SignWithFee(2, 0, NftTx.Fee * 2, _node.Proof("mined", minterKey: 2, extranonce: [7, 7, 7]));
        _node.AddToMempool(better);
        Assert.False(_node.Mempool.Contains(first.Id));
        Assert.True(_node.Mempool.Contains(better.Id));
        Assert.Equal(NftRejectCodes.StaleMint, Refused(NftTx.Sign(3, 0, _node.Proof("mined", minterKey: 3))));
    }

    [Fact]
    public void APendingProofMadeStaleByAMinedMintIsDroppedWithItsReason()
    {
        var mine = _node.Queue(2, _node.Proof("mined", minterKey: 2));
        var theirs = _other.Queue(3, _other.Proof("mined", minterKey: 3));
        var block = _other.Mine(8);

        Assert.Equal(BlockOutcome.Connected, _node.Submit(block).Outcome);
        Assert.False(_node.Mempool.Contains(mine.Id));
        Assert.Equal(NftRejectCodes.StaleMint, _node.Mempool.DroppedReason(mine.Id)!.Code);
        Assert.Null(_node.Mempool.DroppedReason(theirs.Id)); // mined, not dropped
        Assert.Equal(MintProofMiner.HashOf((Hashmint.Ledger.Operations.MineMintOperation)theirs.Operations[0]), _node.Collection("mined").LastMintHash);

        // The minter rebuilds on the new last mint and gets in.
        var retry = _node.Queue(2, _node.Proof("mined", minterKey: 2));
        _node.Mine(9);
        Assert.Equal(TestKeys.Id(2), _node.Token("mined", 2)!.Owner);
        Assert.Null(_node.Mempool.DroppedReason(retry.Id));
    }

    [Fact]
    public void ChainedProofsQueuedTogetherAreMinedTogether()
    {
        var c = _node.Collection("mined");
        var first = _node.Proof("mined", minterKey: 2);
        uint height = _node.Tip.Height + 1;
        var second = MintProofMiner.Mine(c, TestKeys.Id(2), _node.Tip.Header.Time, previous: MintProofMiner.HashOf(first),
            bits: MintRetarget.NextMintBits(c.Definition.Pow!, c.CreatedHeight, height, 1));
        _node.Queue(2, first);
        _node.Queue(2, second); // a later nonce: admitted without running against the tip, under its own slot
        Assert.Equal(2, _node.Mempool.Count);
        var block = _node.Mine(9);
        Assert.Equal(2, block.Transactions.Count);
        Assert.Equal(2UL, _node.Collection("mined").PowMints);
        Assert.Equal(MintProofMiner.HashOf(second), _node.Token("mined", 2)!.Seed);
    }

    [Fact]
    public void AProofOnAnOldSlotIsRefusedAtAdmission()
    {
        var old = _node.Proof("mined", minterKey: 3);
        _node.Queue(2, _node.Proof("mined", minterKey: 2));
        _node.Mine(9);
        Assert.Equal(NftRejectCodes.StaleMint, Refused(NftTx.Sign(3, 0, old)));
    }
}

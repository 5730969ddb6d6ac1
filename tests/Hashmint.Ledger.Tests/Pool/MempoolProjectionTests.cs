using Hashmint.Core.Nft;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Pool;

/// <summary>
/// Regression tests for "accepted, then silently dropped": while the sender has pending transactions, each new one is
/// executed against the state after them, and refused at once with its reason when it cannot apply; when a pending one
/// must go, the later ones are kept waiting instead of being dropped with it.
/// </summary>
public sealed class MempoolProjectionTests : IDisposable
{
    private readonly TestNode _node = new();

    public MempoolProjectionTests()
    {
        _node.Mine(1);
        _node.Mine(1);
        _node.Mine(2);
        _node.Queue(1, Create(Art()), Create(Land()));
        _node.Mine(9);
        _node.Queue(1, Mint("art", 1));
        _node.Mine(9);
        // Key 1 now has pending work, as the devnet's own art miner usually does.
        _node.Queue(1, Mint("art", 1));
    }

    public void Dispose() => _node.Dispose();

    private string Refused(int key, params Core.Transactions.Operation[] ops) =>
        Assert.Throws<RejectedException>(() => _node.Queue(key, ops)).Rejection.Code;

    [Fact]
    public void AMintIntoAParcelTakenByAPendingMintIsRefused()
    {
        _node.Queue(1, Mint("land", 1, (1, 1)));
        Assert.Equal(NftRejectCodes.ParcelTaken, Refused(1, Mint("land", 1, (1, 1))));
        Assert.Equal(2, _node.Mempool.Count);
    }

    [Fact]
    public void ACollectionIdTakenByAPendingCreationIsRefused()
    {
        _node.Queue(1, Create(Art("later")));
        Assert.Equal(NftRejectCodes.CollectionExists, Refused(1, Create(Art("later"))));
        Assert.Equal(NftRejectCodes.CollectionExists, Refused(2, Create(Art("later")))); // another sender: the pending one holds the id
        Assert.Equal(NftRejectCodes.CollectionExists, Refused(1, Create(Art("art"))));   // and on-chain ones, of course
    }

    [Fact]
    public void ATransferOfATokenAPendingTransferMovesAwayIsRefused()
    {
        _node.Queue(1, new TransferTokenOperation("art", 1, TestKeys.Id(3)));
        Assert.Equal(NftRejectCodes.NotAuthorized, Refused(1, new TransferTokenOperation("art", 1, TestKeys.Id(4))));
    }

    [Fact]
    public void AMintByANonCreatorIsRefusedAtSubmission()
    {
        _node.Queue(2, new Core.Transactions.Operation[] { new TransferOperation(TestKeys.Id(5), new Core.Primitives.Amount(1_000)) });
        Assert.Equal(NftRejectCodes.NotCreator, Refused(2, Mint("art", 2)));
    }

    [Fact]
    public void EveryRefusalLeavesTheSendersPendingChainUsable()
    {
        Assert.Equal(NftRejectCodes.UnknownToken, Refused(1, new BurnTokenOperation("art", 99)));
        var next = _node.Queue(1, Mint("art", 3));
        var block = _node.Mine(9);
        Assert.Contains(next.Id, block.Transactions.Select(t => t.Id));
        Assert.Equal(3UL, _node.Collection("art").Minted);
        Assert.Equal(0, _node.Mempool.Count);
    }

    [Fact]
    public void WhenABlockInvalidatesAPendingTransactionTheLaterOnesWaitAndComeBack()
    {
        _node.Queue(1, Create(Pow()));
        _node.Mine(9);
        Assert.Equal(0, _node.Mempool.Count);
        // Key 1 mines the next mint of "mined" and queues more work after the proof, as the devnet's art miner does.
        var proof = _node.Queue(1, _node.Proof("mined", minterKey: 1));
        var pay = _node.Queue(1, new TransferOperation(TestKeys.Id(6), new Core.Primitives.Amount(1_000)));
        var mint = _node.Queue(1, Mint("art", 1));
        // Meanwhile another miner's proof for the same slot lands in a block from elsewhere.
        using var rival = new TestNode(clock: _node.Clock);
        foreach (var b in _node.Chain.MainChainBlocks(1)) rival.Submit(b);
        rival.Queue(2, rival.Proof("mined", minterKey: 3)); // key 2 pays the fee, key 3 gets the token
        _node.Submit(rival.Mine(9));

        // Key 1's proof is stale: dropped with the reason. The two after it still apply by themselves: kept, waiting.
        Assert.Equal(NftRejectCodes.StaleMint, _node.Mempool.DroppedReason(proof.Id)!.Code);
        Assert.True(_node.Mempool.Get(pay.Id)!.IsWaiting);
        Assert.True(_node.Mempool.Get(mint.Id)!.IsWaiting);
        Assert.Contains($"nonce {proof.Nonce}", _node.Mempool.Get(mint.Id)!.WaitingFor);
        Assert.Equal(proof.Nonce, _node.Ledger.NextNonce(TestKeys.Id(1)));
        Assert.Empty(_node.Template(TestKeys.Id(9), TestKeys.Id(9), "").Transactions);

        // A new proof fills the nonce: the waiting ones are checked again and come back in order.
        var again = _node.Queue(1, _node.Proof("mined", minterKey: 1));
        Assert.Equal(proof.Nonce, again.Nonce);
        Assert.False(_node.Mempool.Get(pay.Id)!.IsWaiting);
        Assert.Equal([again.Id, pay.Id, mint.Id], _node.Template(TestKeys.Id(9), TestKeys.Id(9), "").Transactions.Select(t => t.Id));
        _node.Mine(9);
        Assert.Equal(0, _node.Mempool.Count);
        Assert.Equal(TestKeys.Id(1), _node.Token("mined", 2)!.Owner);
    }

    [Fact]
    public void AReplacementThatWouldStrandALaterTransactionIsRefused()
    {
        // The pending mint of "art" (nonce n) is followed by a transfer of the token it mints (n+1).
        var first = _node.Mempool.All().Single();
        _node.Queue(1, new TransferTokenOperation("art", 2, TestKeys.Id(3)));
        // Replacing nonce n with a plain payment would leave the transfer without its token.
        var replacement = NftTx.SignWithFee(1, first.Nonce, NftTx.Fee * 2, new TransferOperation(TestKeys.Id(6), new Core.Primitives.Amount(1_000)));
        var e = Assert.Throws<RejectedException>(() => _node.AddToMempool(replacement));
        Assert.Equal(NftRejectCodes.UnknownToken, e.Rejection.Code);
        Assert.Contains("would leave pending transaction", e.Rejection.Message);
        Assert.Equal(2, _node.Mempool.Count);
        Assert.True(_node.Mempool.Contains(first.Id));
    }
}

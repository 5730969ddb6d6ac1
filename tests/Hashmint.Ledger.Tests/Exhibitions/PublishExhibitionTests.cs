using Hashmint.Core.Encoding;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Exhibitions;

/// <summary>publish-exhibition: a curator hangs anyone's tokens in order, and only the curator revises.</summary>
public class PublishExhibitionTests
{
    // Key 1 creates the art and owns #1 and #2; key 2 owns #3; key 3 curates; key 4 is someone else.
    private readonly NftSandbox _s = new();

    public PublishExhibitionTests()
    {
        _s.Apply(1, Create(Art()));
        _s.Apply(1, Mint("art", 1), Mint("art", 1), Mint("art", 2));
    }

    private static PublishExhibitionOperation Show(string title, params ulong[] tokens) =>
        new("spring-show", title, "Works of the first spring.\n\nIn the curator's order.", tokens.Select(t => new ExhibitedWork("art", t)).ToList());

    private ExhibitionState Read() => ExhibitionState.Decode("spring-show", _s.State.Get(ExhibitionState.Key("spring-show"))!);

    [Fact]
    public void A_curator_hangs_other_peoples_tokens_in_order_and_revises_them()
    {
        _s.Apply(3, Show("Spring", 3, 1));
        var first = Read();
        Assert.Equal(TestKeys.Id(3), first.Curator);
        Assert.Equal(1u, first.Revision);
        Assert.Equal([new ExhibitedWork("art", 3), new ExhibitedWork("art", 1)], first.Works);
        Assert.Equal(_s.Height, first.CreatedHeight);

        _s.Height += 5;
        _s.Apply(3, Show("Spring, revised", 1, 2, 3));
        var second = Read();
        Assert.Equal(2u, second.Revision);
        Assert.Equal("Spring, revised", second.Title);
        Assert.Equal(first.CreatedHeight, second.CreatedHeight);
        Assert.Equal(_s.Height, second.RevisedHeight);
        Assert.Equal([1ul, 2, 3], second.Works.Select(w => w.TokenId));
    }

    [Fact]
    public void Only_the_curator_revises_and_every_work_must_exist()
    {
        _s.Apply(3, Show("Spring", 1));
        Assert.Equal(NftRejectCodes.NotCurator, _s.Reject(4, Show("Mine now", 1)));
        Assert.Equal(NftRejectCodes.NotCurator, _s.Reject(1, Show("The artist's", 1))); // owning the works is not curating
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(3, Show("Ghosts", 1, 99)));
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(4, new PublishExhibitionOperation("other", "Other", "", [new ExhibitedWork("nope", 1)])));
        Assert.Equal("Spring", Read().Title);
    }

    [Theory]
    [InlineData("Bad Id", "Title", 1)]
    [InlineData("ok-id", " ", 1)]
    [InlineData("ok-id", "Title", 0)]
    [InlineData("ok-id", "Title", 65)]
    public void Stateless_rules_refuse_bad_ids_titles_and_lists(string id, string title, int works)
    {
        var op = new PublishExhibitionOperation(id, title, "", Enumerable.Range(1, works).Select(i => new ExhibitedWork("art", (ulong)i)).ToList());
        var tx = _s.Sign(3, op);
        var e = Assert.Throws<RejectedException>(() => OperationRegistry.Default.CheckStateless(tx, _s.Params));
        Assert.Equal(NftRejectCodes.BadExhibition, e.Rejection.Code);
    }

    [Fact]
    public void A_work_hangs_once()
    {
        var tx = _s.Sign(3, Show("Twice", 1, 1));
        Assert.Equal(NftRejectCodes.BadExhibition, Assert.Throws<RejectedException>(() => OperationRegistry.Default.CheckStateless(tx, _s.Params)).Rejection.Code);
    }

    [Fact]
    public void The_operation_and_the_record_round_trip_their_bytes()
    {
        var op = Show("Spring ☀", 3, 1, 2);
        var tx = _s.Sign(3, op);
        var decoded = OperationRegistry.Default.DecodeTransaction(tx.Encoded);
        var back = Assert.IsType<PublishExhibitionOperation>(Assert.Single(decoded.Operations));
        Assert.Equal(op.Works, back.Works);
        Assert.Equal((op.Id, op.Title, op.Text), (back.Id, back.Title, back.Text));
        Assert.Equal(tx.Encoded, decoded.Encoded);

        _s.Apply(3, op);
        var bytes = _s.State.Get(ExhibitionState.Key("spring-show"))!;
        Assert.Equal(bytes, ExhibitionState.Decode("spring-show", bytes).Encode());
        Assert.Throws<DecodeException>(() => ExhibitionState.Decode("spring-show", [.. bytes, 0]));
        var described = OperationRegistry.Default.Describe(op, new DescribeContext("rm"));
        Assert.Equal("publish-exhibition", described.Type);
        Assert.Contains("art #3, art #1, art #2", described.Summary);
    }
}

using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.State;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.State;

/// <summary>The key layouts written in docs/PROTOCOL.md, byte for byte, for the keys built from the shared parts.</summary>
public sealed class StateKeyPartsTests
{
    [Fact]
    public void Keys_built_from_the_shared_parts_are_the_documented_bytes()
    {
        var owner = TestKeys.Id(1);
        var o = Convert.ToHexStringLower(owner.ToArray());
        // 'h' | owner 32 | u8 length | id | token id u64 BE
        Assert.Equal("68" + o + "03617274" + "0000000000000102", Convert.ToHexStringLower(NftKeys.Holding(owner, "art", 258)));
        // 'm' 'S' | seller 32 | u8 length | id | token id u64 BE
        Assert.Equal("6d53" + o + "03617274" + "0000000000000007", Convert.ToHexStringLower(MarketKeys.BySeller(owner, "art", 7)));
        // 't' | u8 length | id | token id u64 BE;  'm' 'L' | u8 length | id | token id u64 BE;  'x' | u8 length | id
        Assert.Equal("7403617274" + "0000000000000007", Convert.ToHexStringLower(NftKeys.Token("art", 7)));
        Assert.Equal("6d4c03617274" + "0000000000000007", Convert.ToHexStringLower(MarketKeys.Listing("art", 7)));
        Assert.Equal("7804" + "73686f77", Convert.ToHexStringLower(ExhibitionState.Key("show")));
        // A multi-byte UTF-8 id counts bytes, not characters.
        Assert.Equal("6303c3a961", Convert.ToHexStringLower(NftKeys.Collection("éa")));

        Assert.Equal(("art", 258UL), NftKeys.ParseHolding(NftKeys.Holding(owner, "art", 258)));
        Assert.Equal(("art", 7UL), MarketKeys.ParseBySeller(MarketKeys.BySeller(owner, "art", 7)));
        Assert.Equal(("éa", ulong.MaxValue), StateKeyParts.ParseAccountToken(StateKeyParts.AccountToken([1, 2, 3], owner, "éa", ulong.MaxValue), 3));
    }
}

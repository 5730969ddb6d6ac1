using Hashmint.Core.Primitives;
using Hashmint.Ledger.Blocks;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Market;

/// <summary>Market operations and block steps on an <see cref="NftSandbox"/>.</summary>
internal static class MarketSupport
{
    public static ListOperation ListFixed(string collection, ulong tokenId, ulong price, uint expiry = 0) =>
        new(collection, tokenId, ListingTerms.Fixed(new Amount(price), expiry));

    public static ListOperation ListDutch(string collection, ulong tokenId, ulong start, ulong end, uint startHeight, uint endHeight) =>
        new(collection, tokenId, ListingTerms.Dutch(new Amount(start), new Amount(end), startHeight, endHeight));

    public static BuyOperation Buy(string collection, ulong tokenId, ulong maxPrice) => new(collection, tokenId, new Amount(maxPrice));

    public static DelistOperation Delist(string collection, ulong tokenId) => new(collection, tokenId);

    /// <summary>Runs the end-of-block hooks at the sandbox's height, then moves to the next height.</summary>
    public static void EndBlock(this NftSandbox s)
    {
        var context = new BlockContext(s.State, s.Params, s.Height, Hash256.Zero, s.BlockTime, s.Params.PowLimitBits, AccountId.None);
        new Hashmint.Ledger.State.BlockStateTransition(s.Params, OperationRegistry.Default).End(context);
        s.Height++;
    }

    public static Listing? Listing(this NftSandbox s, string collection, ulong tokenId) => s.State.GetListing(collection, tokenId);

    /// <summary>Every state pair whose key starts with <paramref name="prefix"/> that the sandbox has written (its base state has no market records).</summary>
    public static List<byte[]> WrittenKeys(this NftSandbox s, params byte[] prefix) =>
        s.State.Changes().Where(kv => kv.Value is not null && kv.Key.AsSpan().StartsWith(prefix)).Select(kv => kv.Key).ToList();

    public static AccountId Id(int key) => TestKeys.Id(key);
}

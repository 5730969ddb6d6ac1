using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Market;

/// <summary>
/// How a sale's price is shared: each royalty split gets ⌊price · bps / 10000⌋ (rounded down, computed in 128 bits),
/// in the definition's order; the seller gets the rest, so the parts always add up to the price and no unit is lost.
/// </summary>
public static class Royalties
{
    public static (IReadOnlyList<(AccountId Recipient, Amount Amount)> Splits, Amount ToSeller) Split(CollectionDefinition definition, Amount price)
    {
        var splits = new List<(AccountId, Amount)>(definition.RoyaltySplits.Count);
        ulong paid = 0;
        foreach (var s in definition.RoyaltySplits)
        {
            ulong part = (ulong)((UInt128)price.Units * s.BasisPoints / 10_000);
            splits.Add((s.Recipient, new Amount(part)));
            paid += part;
        }
        return (splits, new Amount(price.Units - paid));
    }
}

using Hashmint.Core.Nft;

namespace Hashmint.Node.Web;

/// <summary>Enum values as the pages say them.</summary>
public static class Words
{
    public static string Kind(CollectionKind k) => k switch
    {
        CollectionKind.Art => "art",
        CollectionKind.Collectible => "collectibles",
        CollectionKind.GameItem => "game items",
        CollectionKind.Land => "land",
        _ => k.ToString(),
    };

    public static string Policy(MintPolicy p) => p switch
    {
        MintPolicy.ProofOfWork => "minted by proof of work",
        MintPolicy.Creator => "minted by its creator",
        MintPolicy.Open => "open mint",
        MintPolicy.Blocks => "one per block, to its miner",
        _ => p.ToString(),
    };

    public static string Origin(TokenOrigin o) => o switch
    {
        TokenOrigin.Mined => "mined (proof of work)",
        TokenOrigin.CreatorMint => "minted by the creator",
        TokenOrigin.OpenMint => "open mint",
        TokenOrigin.Block => "block reward",
        _ => o.ToString(),
    };
}

namespace Hashmint.Core.Nft;

public enum CollectionKind : byte { Art = 0, Collectible = 1, GameItem = 2, Land = 3 }

/// <summary>`MarketOnly` tokens change hands only through the chain's market (so royalties are always paid).</summary>
public enum TransferPolicy : byte { Free = 0, MarketOnly = 1 }

public enum MintPolicy : byte
{
    /// <summary>Only the creator mints.</summary>
    Creator = 0,
    /// <summary>Anyone mints by paying the price to the creator.</summary>
    Open = 1,
    /// <summary>Minted by proof of work: a mint header under the collection's target.</summary>
    ProofOfWork = 2,
    /// <summary>The built-in `blocks` collection: one token per block, minted by consensus.</summary>
    Blocks = 3,
}

/// <summary>How a token came to be.</summary>
public enum TokenOrigin : byte { CreatorMint = 0, OpenMint = 1, Mined = 2, Block = 3 }

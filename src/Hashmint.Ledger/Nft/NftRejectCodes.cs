namespace Hashmint.Ledger.Nft;

/// <summary>Rejection codes of the NFT operations (see docs/PROTOCOL.md).</summary>
public static class NftRejectCodes
{
    public const string BadCollection = "bad-collection";
    public const string CollectionExists = "collection-exists";
    public const string UnknownCollection = "unknown-collection";
    public const string UnknownToken = "unknown-token";
    public const string NotCreator = "not-creator";
    public const string WrongMintPolicy = "wrong-mint-policy";
    public const string SoldOut = "sold-out";
    public const string BadRecipient = RejectCodes.BadRecipient;
    public const string BadParcel = "bad-parcel";
    public const string ParcelTaken = "parcel-taken";
    public const string StaleMint = "stale-mint";
    public const string BadMintBits = "bad-mint-bits";
    public const string BadMintCommitment = "bad-mint-commitment";
    public const string BadMintProof = "bad-mint-proof";
    public const string MintTimeTooNew = "mint-time-too-new";
    public const string MarketOnly = "market-only";
    public const string NotAuthorized = "not-authorized";
    public const string BadExhibition = "bad-exhibition";
    public const string NotCurator = "not-curator";
}

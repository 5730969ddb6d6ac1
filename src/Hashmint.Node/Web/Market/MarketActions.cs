using System.Globalization;
using System.Numerics;
using System.Text;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Web.Market;

/// <summary>
/// What a market form posts. Every field is text, parsed here with the CLI's own rules, so a bad value is a one-line
/// reason on the page (and the form keeps what was typed) instead of a binding failure.
/// </summary>
public sealed class MarketForm
{
    /// <summary>list, delist, buy, offer, accept, auction or bid.</summary>
    public string? Action { get; set; }
    public string? Collection { get; set; }
    public string? Token { get; set; }
    /// <summary>list: the price (a Dutch listing's start price); buy: the most to pay; offer: the price per token; auction: the reserve; bid: the bid.</summary>
    public string? Price { get; set; }
    /// <summary>list: makes it Dutch, falling to this by <see cref="EndHeight"/>.</summary>
    public string? EndPrice { get; set; }
    public string? EndHeight { get; set; }
    /// <summary>list (fixed) and offer: the last height it can be bought or accepted.</summary>
    public string? Expiry { get; set; }
    /// <summary>auction: how many blocks after the next it settles.</summary>
    public string? Blocks { get; set; }
    public string? Offer { get; set; }
    /// <summary>offer: TRAIT=VALUE (collection page).</summary>
    public string? Trait { get; set; }
    public string? Quantity { get; set; }
    /// <summary>Unlock: the API token and (for a wallet kept on disk) its passphrase; never echoed back.</summary>
    public string? ApiToken { get; set; }
    public string? Passphrase { get; set; }
    public string? Return { get; set; }
}

/// <summary>A command line: its words, and the text a shell would take (each word quoted when it needs it).</summary>
public sealed record CliLine(IReadOnlyList<string> Args)
{
    public string Text => "hashmint " + string.Join(' ', Args.Select(Quote));

    public static string Quote(string word) =>
        word.Length > 0 && word.All(ch => char.IsAsciiLetterOrDigit(ch) || "-_./:=@%+,".Contains(ch)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}

/// <summary>Turns a posted <see cref="MarketForm"/> into an operation, signs it with the session's wallet, and says the equivalent CLI command.</summary>
public static class MarketActions
{
    public static readonly string[] Names = ["list", "delist", "buy", "offer", "accept", "auction", "bid"];

    /// <summary>The operation the form asks for, or the reason it cannot be made.</summary>
    public static (Operation? Op, string? Error) Build(MarketForm f, uint nextHeight)
    {
        try
        {
            string collection = f.Collection?.Trim() ?? "";
            if (f.Action != "accept" && !CollectionIds.IsValid(collection)) return (null, $"'{collection}' is not a collection id");
            switch (f.Action)
            {
                case "list":
                {
                    ulong token = TokenOf(f);
                    var price = Coins(f.Price, "price");
                    if (Given(f.EndPrice))
                    {
                        var end = Coins(f.EndPrice, "end price");
                        uint endHeight = Height(f.EndHeight, "end height") ?? throw new FormException("a Dutch listing needs an end height (where the price reaches the end price)");
                        if (Given(f.Expiry)) throw new FormException("an expiry goes with fixed-price listings (a Dutch listing ends after its end height)");
                        if (end >= price) throw new FormException($"the end price {end} must be below the price {price} (a Dutch price falls)");
                        if (endHeight <= nextHeight) throw new FormException($"the end height {endHeight} must be after the next block ({nextHeight})");
                        return (new ListOperation(collection, token, ListingTerms.Dutch(price, end, nextHeight, endHeight)), null);
                    }
                    if (Given(f.EndHeight)) throw new FormException("an end height goes with an end price (a Dutch listing)");
                    return (new ListOperation(collection, token, ListingTerms.Fixed(price, Height(f.Expiry, "expiry") ?? 0)), null);
                }
                case "delist": return (new DelistOperation(collection, TokenOf(f)), null);
                case "buy": return (new BuyOperation(collection, TokenOf(f), Coins(f.Price, "most to pay")), null);
                case "offer":
                {
                    var price = Coins(f.Price, "price");
                    uint expiry = Height(f.Expiry, "expiry") ?? 0;
                    if (Given(f.Token))
                    {
                        if (Given(f.Trait)) throw new FormException("an offer is for one token or for a trait, not both");
                        return (new MakeOfferOperation(OfferTarget.ForToken(collection, TokenOf(f)), price, 1, expiry), null);
                    }
                    uint quantity = Given(f.Quantity) ? Number<uint>(f.Quantity, "quantity") : 1;
                    if (quantity is 0 or > MakeOfferOperation.MaxQuantity) throw new FormException($"the quantity is 1..{MakeOfferOperation.MaxQuantity}");
                    var target = Given(f.Trait)
                        ? Hashmint.Node.Cli.MarketCommands.ParseTrait(f.Trait!.Trim()) is (string t, string v) ? OfferTarget.ForTrait(collection, t, v)
                            : throw new FormException($"'{f.Trait}' is not TRAIT=VALUE with TRAIT rarity, attr:KEY, loot:item or loot:STAT")
                        : OfferTarget.ForCollection(collection);
                    return (new MakeOfferOperation(target, price, quantity, expiry), null);
                }
                case "accept": return (new AcceptOfferOperation(Number<ulong>(f.Offer, "offer"), TokenOf(f)), null);
                case "auction":
                {
                    uint blocks = Number<uint>(f.Blocks, "blocks");
                    if (blocks is 0 or > StartAuctionOperation.MaxDurationBlocks) throw new FormException($"an auction runs 1..{StartAuctionOperation.MaxDurationBlocks} blocks");
                    return (new StartAuctionOperation(collection, TokenOf(f), Coins(f.Price, "reserve"), checked(nextHeight + blocks), 500, 0), null);
                }
                case "bid": return (new BidOperation(collection, TokenOf(f), Coins(f.Price, "bid")), null);
                default: return (null, $"no market action '{f.Action}'");
            }
        }
        catch (FormException e) { return (null, e.Message); }
    }

    /// <summary>Builds, signs with the session's wallet (the node's in-process signer) and submits; the txid, or the ledger's reason in one line.</summary>
    public static (string? TxId, string? Error) Run(MarketSession session, MarketForm form, LedgerFacade ledger)
    {
        var (op, error) = Build(form, ledger.Tip.Height + 1);
        if (op is null) return (null, error);
        try { return (session.Signer.Submit(op).Id.ToString(), null); }
        catch (RejectedException e) { return (null, $"refused: {e.Rejection.Message} ({e.Rejection.Code})"); }
    }

    /// <summary>
    /// The `hashmint market …` command that does the same from a shell, with the CLI's option names (a unit test parses it with the
    /// CLI's own parser). Blank fields are left out, as the CLI's defaults fill them.
    /// </summary>
    public static CliLine Cli(MarketForm f, string dataDir)
    {
        var a = new List<string> { "market", f.Action ?? "" };
        foreach (var (field, option) in CliOptions(f.Action))
        {
            string? value = Field(f, field)?.Trim();
            if (string.IsNullOrEmpty(value) || (field == "Quantity" && value == "1")) continue; // quantity 1 is the CLI's default
            a.Add(option);
            a.Add(value);
        }
        a.Add("--datadir");
        a.Add(dataDir);
        return new CliLine(a);
    }

    /// <summary>
    /// Which form field each `hashmint market ACTION` option takes, in the command's order. The page sends it to market.js,
    /// which rebuilds the command as the fields are typed in, by the same rule.
    /// </summary>
    public static IReadOnlyList<(string Field, string Option)> CliOptions(string? action) => action switch
    {
        "list" => [("Collection", "--collection"), ("Token", "--token"), ("Price", "--price"), ("Expiry", "--expiry"), ("EndPrice", "--end-price"), ("EndHeight", "--end-height")],
        "delist" => [("Collection", "--collection"), ("Token", "--token")],
        "buy" => [("Collection", "--collection"), ("Token", "--token"), ("Price", "--max-price")],
        "offer" => [("Collection", "--collection"), ("Token", "--token"), ("Trait", "--trait"), ("Price", "--price"), ("Quantity", "--quantity"), ("Expiry", "--expiry")],
        "accept" => [("Offer", "--offer"), ("Token", "--token")],
        "auction" => [("Collection", "--collection"), ("Token", "--token"), ("Price", "--reserve"), ("Blocks", "--blocks")],
        "bid" => [("Collection", "--collection"), ("Token", "--token"), ("Price", "--amount")],
        _ => [],
    };

    private static string? Field(MarketForm f, string field) => field switch
    {
        "Collection" => f.Collection, "Token" => f.Token, "Price" => f.Price, "EndPrice" => f.EndPrice, "EndHeight" => f.EndHeight, "Expiry" => f.Expiry,
        "Blocks" => f.Blocks, "Offer" => f.Offer, "Trait" => f.Trait, "Quantity" => f.Quantity, _ => null,
    };

    private sealed class FormException(string message) : Exception(message);

    private static bool Given(string? s) => !string.IsNullOrWhiteSpace(s);

    private static ulong TokenOf(MarketForm f) => Number<ulong>(f.Token, "token");

    private static T Number<T>(string? text, string what) where T : struct, IBinaryInteger<T> =>
        T.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormException($"the {what} must be a whole number, not '{text}'");

    private static uint? Height(string? text, string what)
    {
        if (!Given(text)) return null;
        uint h = Number<uint>(text, what);
        return h == 0 ? throw new FormException($"the {what} must be a height from 1") : h;
    }

    private static Amount Coins(string? text, string what) =>
        Amount.TryParseCoins(text?.Trim() ?? "", out var a) && a.Units > 0 ? a : throw new FormException($"the {what} must be a positive amount of HMT (e.g. 1.5, at most 8 decimals), not '{text}'");
}

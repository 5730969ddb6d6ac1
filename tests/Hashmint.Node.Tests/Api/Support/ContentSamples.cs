using System.Text;
using Hashmint.Art;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Tests.Api.Support;

/// <summary>
/// One piece of on-chain content that anyone could mint, and how the content endpoint must serve it: the
/// <see cref="SentType"/> media type (text as UTF-8, unparseable types as bytes) and inline or as a download.
/// Active samples carry a script whose side effects (title <c>pwned-NAME</c>, <c>window.pwned</c>, a request to
/// <c>/pwned/NAME</c>) must never be seen in a browser.
/// </summary>
public sealed record ContentSample(string Name, string Mime, byte[] Data, string SentType, bool Inline)
{
    public bool Active => !Inline;
    public override string ToString() => Name;
}

/// <summary>The content collection every API and browser test mints: one creator-minted token per sample, ids 1.. in order.</summary>
public static class ContentSamples
{
    public const string CollectionId = "user-content";

    /// <summary>The script every active sample runs if a browser ever lets it.</summary>
    public static string Payload(string name) =>
        $"document.title='pwned-{name}';window.pwned='{name}';try{{fetch('/pwned/{name}')}}catch(e){{}};new Image().src='/pwned/{name}.png';";

    public static IReadOnlyList<ContentSample> All { get; } = Build();

    public static ContentSample Get(string name) => All.Single(s => s.Name == name);

    /// <summary>The token id of a sample in <see cref="CollectionId"/>.</summary>
    public static ulong TokenId(string name) => (ulong)All.ToList().FindIndex(s => s.Name == name) + 1;

    public static string ContentPath(string name) => $"api/v1/collections/{CollectionId}/tokens/{TokenId(name)}/content";

    private static List<ContentSample> Build()
    {
        static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
        var png = CppnArt.RenderPng(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), 16);
        return
        [
            new("html", "text/html", U($"<!doctype html><html><head><title>content</title><script>{Payload("html")}</script></head>" +
                $"<body onload=\"{Payload("html-onload")}\"><img src=x onerror=\"{Payload("html-onerror")}\"></body></html>"), "text/html; charset=utf-8", false),
            new("svg", "image/svg+xml", U($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" onload=\"{Payload("svg-onload")}\">" +
                $"<script>{Payload("svg")}</script><rect width=\"64\" height=\"64\" fill=\"red\"/></svg>"), "image/svg+xml", false),
            new("xhtml", "application/xhtml+xml", U($"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>content</title>" +
                $"<script>//<![CDATA[\n{Payload("xhtml")}\n//]]></script></head><body><p>x</p></body></html>"), "application/xhtml+xml", false),
            new("xml", "text/xml", U($"<?xml version=\"1.0\"?><doc><html:script xmlns:html=\"http://www.w3.org/1999/xhtml\">{Payload("xml")}</html:script></doc>"),
                "text/xml; charset=utf-8", false),
            new("js", "application/javascript", U(Payload("js")), "application/javascript", false),
            new("control", "text/html\u0001", U($"<script>{Payload("control")}</script>"), "application/octet-stream", false),
            new("garbage", "text/html/\"<script>\"", U($"<script>{Payload("garbage")}</script>"), "application/octet-stream", false),
            // UTF-7 would turn this into <script>...</script>; sent as UTF-8 it stays text.
            new("utf7", "text/plain;charset=utf-7", U($"+ADw-script+AD4-{Payload("utf7")}+ADw-/script+AD4-"), "text/plain; charset=utf-8", true),
            new("png", "image/png", png, "image/png", true),
        ];
    }

    public static CollectionDefinition Definition { get; } = new(CollectionId, "User content", "UC", CollectionKind.Art, 1000, 0, [],
        TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);

    /// <summary>The creator's transactions: one that launches the collection, then one mint per sample, from <paramref name="firstNonce"/> on.</summary>
    public static IReadOnlyList<Transaction> Transactions(uint chainId, byte[] creatorKey, ulong firstNonce)
    {
        var creator = new AccountId(Crypto.Schnorr.GetXOnlyPublicKey(creatorKey));
        var txs = new List<Transaction> { Transaction.CreateSignedPayingPerByte(chainId, creatorKey, firstNonce, 2, 0, [new CreateCollectionOperation(Definition)]) };
        foreach (var s in All)
            txs.Add(Transaction.CreateSignedPayingPerByte(chainId, creatorKey, firstNonce + (ulong)txs.Count, 2, 0,
                [new MintOperation(CollectionId, creator, new OnChainContent(s.Mime, s.Data), [new("sample", s.Name)], null, null)]));
        return txs;
    }
}

using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Nft;

/// <summary>
/// What a token shows. On-chain content (≤ 64 KiB, with its MIME type) is permanent like an inscription; larger
/// works are referenced by content hash and URI. Encoding: u8 kind (0 none, 1 on-chain, 2 reference) then
/// on-chain: string mime ≤ 64 | varbytes data ≤ 65536; reference: hash 32 | string uri ≤ 256 | string mime ≤ 64.
/// </summary>
public abstract record TokenContent
{
    public const int MaxOnChainBytes = 64 * 1024;
    public const int MaxMimeBytes = 64, MaxUriBytes = 256;

    public static readonly TokenContent None = new NoContent();

    public abstract void Write(ByteWriter w);

    public static TokenContent Read(ref SpanReader r)
    {
        byte kind = r.ReadU8();
        switch (kind)
        {
            case 0: return None;
            case 1:
                var mime = ReadMime(ref r);
                return new OnChainContent(mime, r.ReadVarBytes(MaxOnChainBytes, "on-chain content").ToArray());
            case 2:
                var hash = r.ReadHash();
                var uri = r.ReadString(MaxUriBytes, "content URI");
                if (uri.Length == 0) throw new DecodeException("a content reference needs a URI");
                return new ReferencedContent(hash, uri, ReadMime(ref r));
            default: throw new DecodeException($"unknown content kind {kind}");
        }
    }

    private static string ReadMime(ref SpanReader r)
    {
        var mime = r.ReadString(MaxMimeBytes, "MIME type");
        if (mime.Length == 0 || !mime.Contains('/') || mime.Any(char.IsWhiteSpace)) throw new DecodeException($"'{mime}' is not a MIME type");
        return mime;
    }
}

public sealed record NoContent : TokenContent
{
    public override void Write(ByteWriter w) => w.U8(0);
}

public sealed record OnChainContent(string MimeType, byte[] Data) : TokenContent
{
    public override void Write(ByteWriter w) => w.U8(1).String(MimeType).VarBytes(Data);
}

public sealed record ReferencedContent(Hash256 ContentHash, string Uri, string MimeType) : TokenContent
{
    public override void Write(ByteWriter w) => w.U8(2).Hash(ContentHash).String(Uri).String(MimeType);
}

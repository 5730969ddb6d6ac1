using System.Buffers.Binary;
using System.Text;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.State;

/// <summary>
/// The pieces every subsystem's state-key layout shares (NftKeys, MarketKeys, exhibitions): an id (a collection's or an
/// exhibition's) written as u8 length | UTF-8 bytes, so one id is never a prefix of another's keys, and the
/// "account | id | token id" tail of the per-account indexes (holdings, a seller's listings).
/// </summary>
public static class StateKeyParts
{
    /// <summary><paramref name="prefix"/> | u8 length | id, with <paramref name="extra"/> zero bytes after it, which start at <paramref name="offset"/>.</summary>
    public static byte[] WithId(ReadOnlySpan<byte> prefix, string id, int extra, out int offset)
    {
        var bytes = Encoding.UTF8.GetBytes(id);
        var key = new byte[prefix.Length + 1 + bytes.Length + extra];
        prefix.CopyTo(key);
        key[prefix.Length] = (byte)bytes.Length;
        bytes.CopyTo(key, prefix.Length + 1);
        offset = prefix.Length + 1 + bytes.Length;
        return key;
    }

    /// <summary><paramref name="prefix"/> | account 32 | u8 length | collection id | token id u64 BE.</summary>
    public static byte[] AccountToken(ReadOnlySpan<byte> prefix, AccountId account, string collection, ulong tokenId)
    {
        Span<byte> head = stackalloc byte[prefix.Length + 32];
        prefix.CopyTo(head);
        account.Key.CopyTo(head[prefix.Length..]);
        var key = WithId(head, collection, 8, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(o), tokenId);
        return key;
    }

    /// <summary>The (collection, token id) of a key written by <see cref="AccountToken"/> with a prefix of <paramref name="prefixLength"/> bytes.</summary>
    public static (string Collection, ulong TokenId) ParseAccountToken(ReadOnlySpan<byte> key, int prefixLength)
    {
        int at = prefixLength + 32, len = key[at];
        return (Encoding.UTF8.GetString(key.Slice(at + 1, len)), BinaryPrimitives.ReadUInt64BigEndian(key[(at + 1 + len)..]));
    }
}

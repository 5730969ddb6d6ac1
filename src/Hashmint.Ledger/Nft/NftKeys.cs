using System.Buffers.Binary;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Nft;

/// <summary>
/// State keys of the NFT records (docs/PROTOCOL.md, "NFT state"). A collection id inside a key is written as
/// u8 length | UTF-8 bytes, so one id is never a prefix of another's keys.
/// </summary>
public static class NftKeys
{
    public const byte CollectionPrefix = (byte)'c';
    public const byte TokenPrefix = (byte)'t';
    public const byte OperatorPrefix = (byte)'o';
    public const byte ParcelPrefix = (byte)'l';
    public const byte HoldingPrefix = (byte)'h';
    public const byte PendingBlockNftPrefix = (byte)'b';

    private static byte[] Build(byte prefix, string collection, int extra, out int offset) =>
        State.StateKeyParts.WithId([prefix], collection, extra, out offset);

    /// <summary>'c' | id → <see cref="CollectionState"/>.</summary>
    public static byte[] Collection(string collection) => Build(CollectionPrefix, collection, 0, out _);

    /// <summary>'t' | id | token id u64 BE → <see cref="TokenState"/>.</summary>
    public static byte[] Token(string collection, ulong tokenId)
    {
        var k = Build(TokenPrefix, collection, 8, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), tokenId);
        return k;
    }

    /// <summary>'t' | id: prefix of all tokens of a collection, in token-id order.</summary>
    public static byte[] TokensOf(string collection) => Build(TokenPrefix, collection, 0, out _);

    /// <summary>'o' | id | owner 32 | operator 32 → [1].</summary>
    public static byte[] Operator(string collection, AccountId owner, AccountId op)
    {
        var k = Build(OperatorPrefix, collection, 64, out int o);
        owner.Key.CopyTo(k.AsSpan(o));
        op.Key.CopyTo(k.AsSpan(o + 32));
        return k;
    }

    /// <summary>'l' | id | x u16 BE | y u16 BE → token id u64: a land parcel, minted once (even after a burn).</summary>
    public static byte[] Parcel(string collection, ushort x, ushort y)
    {
        var k = Build(ParcelPrefix, collection, 4, out int o);
        BinaryPrimitives.WriteUInt16BigEndian(k.AsSpan(o), x);
        BinaryPrimitives.WriteUInt16BigEndian(k.AsSpan(o + 2), y);
        return k;
    }

    /// <summary>'h' | owner 32 | u8 length | id | token id u64 BE → [1]: the tokens an account holds, by prefix.</summary>
    public static byte[] Holding(AccountId owner, string collection, ulong tokenId) =>
        State.StateKeyParts.AccountToken([HoldingPrefix], owner, collection, tokenId);

    public static byte[] HoldingsOf(AccountId owner)
    {
        var k = new byte[33];
        k[0] = HoldingPrefix;
        owner.Key.CopyTo(k.AsSpan(1));
        return k;
    }

    /// <summary>Parses a holding key back into (collection, token id).</summary>
    public static (string Collection, ulong TokenId) ParseHolding(ReadOnlySpan<byte> key) => State.StateKeyParts.ParseAccountToken(key, 1);

    /// <summary>'b' | height u32 BE → recipient 32 | bits u32: the block NFT of that block, minted when the next block connects.</summary>
    public static byte[] PendingBlockNft(uint height)
    {
        var k = new byte[5];
        k[0] = PendingBlockNftPrefix;
        BinaryPrimitives.WriteUInt32BigEndian(k.AsSpan(1), height);
        return k;
    }
}

using System.Buffers.Binary;
using System.Text;
using Hashmint.Core.Primitives;
using Hashmint.Storage;

namespace Hashmint.Node.Explorer;

/// <summary>
/// The explorer's read model lives in its own column family of the node's database, declared here (not consensus:
/// derived from the main chain, rebuilt from it when missing). Key layouts (all integers big-endian so that keys sort
/// by height; a collection id is u8 length | UTF-8, so one id never prefixes another's keys):
/// <code>
/// 0x00                                     → indexed height u32 | block hash 32
/// 0x01                                     → u8 the index's version (2: with the market feed); another version is dropped and rebuilt
/// 'A' …                                    no longer written: account activity is the ledger's own index (LedgerFacade.Activity);
///                                           a database from before holds such keys, which nothing reads
/// 'E' | coll | token u64 | height | seq u32 → <see cref="TokenEvent"/>       (one token's owner history)
/// 'K' | coll | height | seq                 → token u64 | <see cref="TokenEvent"/> (a collection's activity)
/// 'M' | height | seq                        → coll | token u64 | <see cref="TokenEvent"/> (every mint, newest last)
/// 'Q' | coll | owner 32                     → u64 tokens held
/// 'N' | coll                                → u64 distinct holders
/// 'R' | coll | height | seq u32             → <see cref="MarketEvent"/> (a collection's market feed)
/// 'T' | coll | token u64 | height | seq     → <see cref="MarketEvent"/> (one token's market feed)
/// 'W' | account 32 | height | seq           → <see cref="MarketEvent"/> (an account's market feed: seller or buyer)
/// 'U' | height u32                          → block hash 32 | the index's own undo: (key, prior value) pairs
/// </code>
/// </summary>
public static class ExplorerKeys
{
    public static readonly ColumnFamily Family = new("explorer");

    public static readonly byte[] Tip = [0x00];
    public static readonly byte[] Version = [0x01];
    public const byte CurrentVersion = 2;
    public const byte TokenEvents = (byte)'E';
    public const byte CollectionEvents = (byte)'K';
    public const byte Mints = (byte)'M';
    public const byte HeldCount = (byte)'Q';
    public const byte Holders = (byte)'N';
    public const byte Undo = (byte)'U';
    public const byte MarketByCollection = (byte)'R';
    public const byte MarketByToken = (byte)'T';
    public const byte MarketByAccount = (byte)'W';

    private static byte[] Coll(string collection)
    {
        var id = Encoding.UTF8.GetBytes(collection);
        return [(byte)id.Length, .. id];
    }

    private static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); return b; }
    private static byte[] U64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64BigEndian(b, v); return b; }

    public static byte[] TokenEventsOf(string collection, ulong tokenId) => [TokenEvents, .. Coll(collection), .. U64(tokenId)];
    public static byte[] TokenEvent(string collection, ulong tokenId, uint height, uint seq) => [.. TokenEventsOf(collection, tokenId), .. U32(height), .. U32(seq)];

    public static byte[] CollectionEventsOf(string collection) => [CollectionEvents, .. Coll(collection)];
    public static byte[] CollectionEvent(string collection, uint height, uint seq) => [.. CollectionEventsOf(collection), .. U32(height), .. U32(seq)];

    public static byte[] AllMints => [Mints];
    public static byte[] Mint(uint height, uint seq) => [Mints, .. U32(height), .. U32(seq)];

    public static byte[] Held(string collection, AccountId owner) => [HeldCount, .. Coll(collection), .. owner.ToArray()];
    public static byte[] HoldersOf(string collection) => [Holders, .. Coll(collection)];

    public static byte[] UndoAt(uint height) => [Undo, .. U32(height)];

    public static byte[] MarketOfCollectionPrefix(string collection) => [MarketByCollection, .. Coll(collection)];
    public static byte[] MarketOfCollection(string collection, uint height, uint seq) => [.. MarketOfCollectionPrefix(collection), .. U32(height), .. U32(seq)];

    public static byte[] MarketOfTokenPrefix(string collection, ulong tokenId) => [MarketByToken, .. Coll(collection), .. U64(tokenId)];
    public static byte[] MarketOfToken(string collection, ulong tokenId, uint height, uint seq) => [.. MarketOfTokenPrefix(collection, tokenId), .. U32(height), .. U32(seq)];

    public static byte[] MarketOfAccountPrefix(AccountId account) => [MarketByAccount, .. account.ToArray()];
    public static byte[] MarketOfAccount(AccountId account, uint height, uint seq) => [.. MarketOfAccountPrefix(account), .. U32(height), .. U32(seq)];

    /// <summary>The height inside an event or mint key (the 8 bytes before the end: height u32 | seq u32).</summary>
    public static uint HeightOf(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt32BigEndian(key[^8..]);
}

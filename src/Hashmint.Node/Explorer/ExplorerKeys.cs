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
/// 'A' …                                    no longer written: account activity is the ledger's own index (LedgerFacade.Activity);
///                                           a database from before holds such keys, which nothing reads
/// 'E' | coll | token u64 | height | seq u32 → <see cref="TokenEvent"/>       (one token's owner history)
/// 'K' | coll | height | seq                 → token u64 | <see cref="TokenEvent"/> (a collection's activity)
/// 'M' | height | seq                        → coll | token u64 | <see cref="TokenEvent"/> (every mint, newest last)
/// 'Q' | coll | owner 32                     → u64 tokens held
/// 'N' | coll                                → u64 distinct holders
/// 'U' | height u32                          → block hash 32 | the index's own undo: (key, prior value) pairs
/// </code>
/// </summary>
public static class ExplorerKeys
{
    public static readonly ColumnFamily Family = new("explorer");

    public static readonly byte[] Tip = [0x00];
    public const byte TokenEvents = (byte)'E';
    public const byte CollectionEvents = (byte)'K';
    public const byte Mints = (byte)'M';
    public const byte HeldCount = (byte)'Q';
    public const byte Holders = (byte)'N';
    public const byte Undo = (byte)'U';

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

    /// <summary>The height inside an event or mint key (the 8 bytes before the end: height u32 | seq u32).</summary>
    public static uint HeightOf(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt32BigEndian(key[^8..]);
}

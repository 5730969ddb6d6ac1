using System.Buffers.Binary;

namespace Hashmint.Storage.CrashWriter;

/// <summary>
/// What each batch of the crash writer holds, so the test can check it after a kill. Batch number
/// c writes: in Counter, "counter" = c; in Values, keys 0..KeysPerBatch-1 = c followed by filler; and in
/// Markers the marker "m"+c, deleting the marker of c-1. So a consistent store has all values and the
/// one marker carrying the counter.
/// </summary>
public static class CrashLayout
{
    // Three families tuned differently (as the node's meta, state and undo are), so flushes and
    // compactions of different shapes are under way when the writer is killed.
    public static readonly ColumnFamily Counter = new("counter") { PointLookups = false };
    public static readonly ColumnFamily Values = new("values");
    public static readonly ColumnFamily Markers = new("markers") { LargeValues = true };
    public static readonly IReadOnlyList<ColumnFamily> Families = [Counter, Values, Markers];

    public const int KeysPerBatch = 64;
    public const int ValueSize = 512;

    public static readonly byte[] CounterKey = "counter"u8.ToArray();

    public static byte[] StateKey(int index)
    {
        var key = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(key, index);
        return key;
    }

    public static byte[] MarkerKey(long counter)
    {
        var key = new byte[9];
        key[0] = (byte)'m';
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(1), counter);
        return key;
    }

    public static byte[] EncodeCounter(long counter)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, counter);
        return bytes;
    }

    public static long DecodeCounter(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadInt64BigEndian(bytes);

    /// <summary>A State value: the counter, then filler derived from it (so values are large and distinct).</summary>
    public static byte[] StateValue(long counter, int index)
    {
        var value = new byte[ValueSize];
        BinaryPrimitives.WriteInt64BigEndian(value, counter);
        for (var i = 8; i < value.Length; i++) value[i] = (byte)(counter * 31 + index * 7 + i);
        return value;
    }

    /// <summary>Small memtables so that a run of a few dozen batches flushes and compacts, and kills land there too.</summary>
    public static RocksDbStoreOptions StoreOptions => new()
    {
        BlockCacheBytes = 8L * 1024 * 1024,
        WriteBufferBytes = 1L * 1024 * 1024,
        TotalWriteBufferBytes = 4L * 1024 * 1024,
    };
}

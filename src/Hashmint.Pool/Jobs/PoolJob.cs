using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Assembly;
using Hashmint.Pool.Stratum;

namespace Hashmint.Pool.Jobs;

public enum JobKind
{
    /// <summary>A block of the chain: coinb1 | extranonce | coinb2 is the coinbase, the branch folds it to the Merkle root.</summary>
    Block,
    /// <summary>A proof-of-work NFT mint: coinb1 | extranonce | coinb2 is the commitment preimage, the branch is empty.</summary>
    Mint,
}

/// <summary>
/// Who a job is for: its kind, the account named inside the work (the block-NFT recipient, or the minter), and for mint
/// jobs the collection. Miners with the same key share one job; the work itself fixes who the result goes to.
/// </summary>
public readonly record struct JobKey(JobKind Kind, AccountId Account, string? Collection = null)
{
    public static JobKey Block(AccountId finder) => new(JobKind.Block, finder);
    public static JobKey Mint(AccountId minter, string collection) => new(JobKind.Mint, minter, collection);
}

/// <summary>
/// One unit of work as mining.notify sends it, and what is needed to check shares against it: the header fields, the
/// two halves around the 8-byte extranonce (extranonce1 of the connection | extranonce2 of the miner), the Merkle
/// branch, the target that makes a share a block (or a mint), and the shares already seen (duplicates).
/// </summary>
public sealed class PoolJob
{
    public const int ExtranonceSize = 8;
    private readonly HashSet<Hash256> _seen = [];
    private byte[]? _notifyClean, _notifyUpdate;

    public PoolJob(string id, long generation, JobKey key, Hash256 previousHash, byte[] coinb1, byte[] coinb2, IReadOnlyList<Hash256> branch,
        uint version, uint bits, uint time, uint height, DateTimeOffset createdAt, BlockTemplate? template = null)
    {
        Id = id;
        Generation = generation;
        Key = key;
        PreviousHash = previousHash;
        Coinb1 = coinb1;
        Coinb2 = coinb2;
        Branch = branch;
        Version = version;
        Bits = bits;
        Time = time;
        Height = height;
        CreatedAt = createdAt;
        Template = template;
        NetworkTarget = StratumDifficulty.TargetOfBits(bits);
        NetworkDifficulty = StratumDifficulty.OfTarget(NetworkTarget);
    }

    public string Id { get; }
    public long Generation { get; }
    public JobKey Key { get; }
    public JobKind Kind => Key.Kind;
    /// <summary>The header's previous-hash field: the parent block, or the collection's last mint.</summary>
    public Hash256 PreviousHash { get; }
    public byte[] Coinb1 { get; }
    public byte[] Coinb2 { get; }
    public IReadOnlyList<Hash256> Branch { get; }
    public uint Version { get; }
    public uint Bits { get; }
    public uint Time { get; }
    /// <summary>The block's height (mint jobs: the height of the block expected to include the mint).</summary>
    public uint Height { get; }
    public DateTimeOffset CreatedAt { get; }
    /// <summary>The block the job completes (block jobs).</summary>
    public BlockTemplate? Template { get; }
    /// <summary>A hash at or under this is a block (or, for a mint job, a valid mint proof).</summary>
    public Hash256 NetworkTarget { get; }
    public double NetworkDifficulty { get; }
    /// <summary>This job builds on another parent (block or mint) than the key's previous job: its notify says clean_jobs.</summary>
    public bool NewParent { get; internal set; } = true;

    /// <summary>The coinbase (or preimage) a miner hashes for an extranonce: coinb1 | extranonce | coinb2.</summary>
    public int CoinbaseLength => Coinb1.Length + ExtranonceSize + Coinb2.Length;

    /// <summary>The Merkle root (mint: the commitment) for an 8-byte extranonce, folded up the branch like a miner does.</summary>
    public Hash256 MerkleRoot(ulong extranonce)
    {
        int length = CoinbaseLength;
        byte[]? rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> coinbase = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        Coinb1.CopyTo(coinbase);
        BinaryPrimitives.WriteUInt64LittleEndian(coinbase[Coinb1.Length..], extranonce);
        Coinb2.CopyTo(coinbase[(Coinb1.Length + ExtranonceSize)..]);
        Span<byte> pair = stackalloc byte[64];
        Shares.ShareHasher.Hash(coinbase, pair[..32]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        foreach (var sibling in Branch)
        {
            sibling.CopyTo(pair[32..]);
            Shares.ShareHasher.Hash(pair, pair[..32]);
        }
        return new Hash256(pair[..32]);
    }

    /// <summary>The 80-byte header a miner hashed: Bitcoin's layout, little-endian fields.</summary>
    public void WriteHeader(Span<byte> header, uint version, Hash256 merkleRoot, uint ntime, uint nonce)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, version);
        PreviousHash.CopyTo(header[4..]);
        merkleRoot.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[68..], ntime);
        BinaryPrimitives.WriteUInt32LittleEndian(header[72..], Bits);
        BinaryPrimitives.WriteUInt32LittleEndian(header[76..], nonce);
    }

    /// <summary>Records a share's header hash; false when the same share was accepted before.</summary>
    public bool TryRecord(Hash256 headerHash)
    {
        lock (_seen) return _seen.Add(headerHash);
    }

    public bool Seen(Hash256 headerHash)
    {
        lock (_seen) return _seen.Contains(headerHash);
    }

    /// <summary>The mining.notify line (with its newline), built once and sent to every miner of this job.</summary>
    public byte[] NotifyLine(bool cleanJobs)
    {
        if (cleanJobs) return _notifyClean ??= BuildNotify(true);
        return _notifyUpdate ??= BuildNotify(false);
    }

    private byte[] BuildNotify(bool clean) => StratumJson.Notification("mining.notify", w =>
    {
        w.WriteStringValue(Id);
        w.WriteStringValue(StratumHex.PrevHash(PreviousHash));
        w.WriteStringValue(Convert.ToHexStringLower(Coinb1));
        w.WriteStringValue(Convert.ToHexStringLower(Coinb2));
        w.WriteStartArray();
        foreach (var h in Branch) w.WriteStringValue(h.ToHexInternal());
        w.WriteEndArray();
        w.WriteStringValue(StratumHex.U32(Version));
        w.WriteStringValue(StratumHex.U32(Bits));
        w.WriteStringValue(StratumHex.U32(Time));
        w.WriteBooleanValue(clean);
    });
}

/// <summary>Writes Stratum lines: JSON objects on one line each, ending in a newline.</summary>
public static class StratumJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Notification(string method, Action<Utf8JsonWriter> writeParams)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteNull("id");
            w.WriteString("method", method);
            w.WriteStartArray("params");
            writeParams(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return WithNewline(buffer);
    }

    public static byte[] Result(string rawId, Action<Utf8JsonWriter> writeResult)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WritePropertyName("id");
            w.WriteRawValue(rawId, skipInputValidation: true);
            w.WritePropertyName("result");
            writeResult(w);
            w.WriteNull("error");
            w.WriteEndObject();
        }
        return WithNewline(buffer);
    }

    public static byte[] True(string rawId) => Result(rawId, w => w.WriteBooleanValue(true));

    public static byte[] Error(string rawId, int code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WritePropertyName("id");
            w.WriteRawValue(rawId, skipInputValidation: true);
            w.WriteNull("result");
            w.WriteStartArray("error");
            w.WriteNumberValue(code);
            w.WriteStringValue(message);
            w.WriteNullValue();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return WithNewline(buffer);
    }

    private static byte[] WithNewline(ArrayBufferWriter<byte> buffer)
    {
        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }
}

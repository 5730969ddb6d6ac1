using System.Buffers.Binary;
using System.Net.Sockets;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hashmint.Pool.Tests.Support;

/// <summary>A mining.notify as a stock miner keeps it: the nine fields, as strings.</summary>
public sealed record NotifyJob(string JobId, string PrevHash, string Coinb1, string Coinb2, string[] Branch, string Version, string NBits, string NTime, bool Clean);

/// <summary>The work a miner built for one nonce: the header bytes, their hash and what was submitted.</summary>
public sealed record MinedShare(byte[] Header, byte[] Hash, string Extranonce2, string NTime, string Nonce, string? VersionBits)
{
    /// <summary>The hash as a 256-bit little-endian number, the way targets compare.</summary>
    public BigInteger Value => new(Hash, isUnsigned: true, isBigEndian: false);
}

/// <summary>
/// A Stratum V1 client that speaks exactly what stock miners (cpuminer, cgminer, BitAxe) send, and builds work the
/// way they do, independently of the pool's code: coinbase = coinb1 | extranonce1 | extranonce2 | coinb2; Merkle root
/// = SHA256d(coinbase) folded with each branch hash on the right; header = version (LE) | prevhash with each 4-byte
/// word byte-swapped back | root | ntime (LE) | nbits (LE) | nonce (LE), where version, nbits, ntime and nonce travel as
/// 8 hex digits of the big-endian value. Every wait is bounded.
/// </summary>
public sealed class StratumTestClient : IAsyncDisposable
{
    public static readonly BigInteger Diff1 = new BigInteger(0xFFFF) << 208;
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly Queue<JsonObject> _pending = new();
    private int _nextId = 1;

    private StratumTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    public static async Task<StratumTestClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        using var cts = new CancellationTokenSource(Wait);
        await tcp.ConnectAsync("127.0.0.1", port, cts.Token);
        return new StratumTestClient(tcp);
    }

    public string? Extranonce1 { get; private set; }
    public int Extranonce2Size { get; private set; }
    public double Difficulty { get; private set; } = 1;
    public NotifyJob? Job { get; private set; }
    public List<JsonObject> Notifications { get; } = [];

    // ---- raw lines ----

    public async Task SendLineAsync(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        using var cts = new CancellationTokenSource(Wait);
        await _stream.WriteAsync(bytes, cts.Token);
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(Wait);
        await _stream.WriteAsync(bytes, cts.Token);
    }

    /// <summary>The next line from the pool; null when the pool closed the connection.</summary>
    public async Task<JsonObject?> ReadAsync()
    {
        using var cts = new CancellationTokenSource(Wait);
        string? line;
        try { line = await _reader.ReadLineAsync(cts.Token); }
        catch (IOException) { return null; }
        if (line is null) return null;
        var message = JsonNode.Parse(line)!.AsObject();
        Observe(message);
        return message;
    }

    /// <summary>True when the pool closes the connection (within the wait), skipping anything it sends first.</summary>
    public async Task<bool> ClosedByPoolAsync()
    {
        try
        {
            while (true) if (await ReadAsync() is null) return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    private void Observe(JsonObject message)
    {
        string? method = message["method"]?.GetValue<string>();
        if (method is null) return;
        Notifications.Add(message);
        var p = message["params"]!.AsArray();
        if (method == "mining.set_difficulty") Difficulty = p[0]!.GetValue<double>();
        if (method == "mining.notify")
            Job = new NotifyJob(p[0]!.GetValue<string>(), p[1]!.GetValue<string>(), p[2]!.GetValue<string>(), p[3]!.GetValue<string>(),
                p[4]!.AsArray().Select(b => b!.GetValue<string>()).ToArray(), p[5]!.GetValue<string>(), p[6]!.GetValue<string>(), p[7]!.GetValue<string>(),
                p[8]!.GetValue<bool>());
    }

    /// <summary>Sends a request and returns its response (notifications arriving meanwhile are observed and kept).</summary>
    public async Task<JsonObject> RequestAsync(string method, string paramsJson)
    {
        int id = _nextId++;
        await SendLineAsync($"{{\"id\":{id},\"method\":\"{method}\",\"params\":{paramsJson}}}");
        return await ResponseAsync(id);
    }

    public async Task<JsonObject> ResponseAsync(int id)
    {
        while (true)
        {
            var message = await ReadAsync() ?? throw new IOException("the pool closed the connection");
            if (message["method"] is not null) { _pending.Enqueue(message); continue; }
            if (message["id"]?.GetValue<int>() == id) return message;
        }
    }

    /// <summary>Waits for the next notification with the method (ones already received after the last wait count).</summary>
    public async Task<JsonObject> NextNotificationAsync(string method)
    {
        while (_pending.TryDequeue(out var queued))
            if (queued["method"]!.GetValue<string>() == method) return queued;
        while (true)
        {
            var message = await ReadAsync() ?? throw new IOException("the pool closed the connection");
            if (message["method"]?.GetValue<string>() == method) return message;
        }
    }

    // ---- what stock miners send ----

    public async Task<JsonObject> SubscribeAsync(string agent = "cpuminer/2.5.1")
    {
        var r = await RequestAsync("mining.subscribe", $"[\"{agent}\"]");
        var result = r["result"]!.AsArray();
        Extranonce1 = result[1]!.GetValue<string>();
        Extranonce2Size = result[2]!.GetValue<int>();
        return r;
    }

    public Task<JsonObject> AuthorizeAsync(string user, string password = "x") => RequestAsync("mining.authorize", $"[\"{user}\",\"{password}\"]");

    /// <summary>Subscribe, authorize, and wait for the first difficulty and job.</summary>
    public async Task<NotifyJob> LoginAsync(string user, string password = "x")
    {
        await SubscribeAsync();
        var auth = await AuthorizeAsync(user, password);
        if (auth["result"]?.GetValue<bool>() != true) throw new InvalidOperationException($"authorize refused: {auth.ToJsonString()}");
        await NextNotificationAsync("mining.set_difficulty");
        await NextNotificationAsync("mining.notify");
        return Job!;
    }

    public Task<JsonObject> SubmitAsync(string worker, string jobId, string extranonce2, string ntime, string nonce, string? versionBits = null) =>
        RequestAsync("mining.submit", versionBits is null
            ? $"[\"{worker}\",\"{jobId}\",\"{extranonce2}\",\"{ntime}\",\"{nonce}\"]"
            : $"[\"{worker}\",\"{jobId}\",\"{extranonce2}\",\"{ntime}\",\"{nonce}\",\"{versionBits}\"]");

    public Task<JsonObject> SubmitAsync(string worker, NotifyJob job, MinedShare share) =>
        SubmitAsync(worker, job.JobId, share.Extranonce2, share.NTime, share.Nonce, share.VersionBits);

    // ---- building work like a miner ----

    public static byte[] Sha256d(ReadOnlySpan<byte> data) => SHA256.HashData(SHA256.HashData(data));

    public static BigInteger TargetOf(double difficulty)
    {
        // As cpuminer does in spirit: diff1 / difficulty, computed exactly for the doubles tests use.
        var scaled = new BigInteger(Math.ScaleB(difficulty, 200));
        var target = Diff1 * (BigInteger.One << 200) / scaled;
        return BigInteger.Min(target, (BigInteger.One << 256) - 1);
    }

    public static BigInteger TargetOfBits(string nbitsHex)
    {
        uint bits = uint.Parse(nbitsHex, System.Globalization.NumberStyles.HexNumber);
        int exponent = (int)(bits >> 24);
        var mantissa = new BigInteger(bits & 0x007fffff);
        return exponent <= 3 ? mantissa >> (8 * (3 - exponent)) : mantissa << (8 * (exponent - 3));
    }

    public byte[] BuildHeader(NotifyJob job, string extranonce2, string ntime, uint nonce, string? versionBits = null)
    {
        var coinbase = Convert.FromHexString(job.Coinb1 + Extranonce1 + extranonce2 + job.Coinb2);
        var root = Sha256d(coinbase);
        foreach (var b in job.Branch) root = Sha256d([.. root, .. Convert.FromHexString(b)]);
        uint version = uint.Parse(job.Version, System.Globalization.NumberStyles.HexNumber);
        if (versionBits is not null) version |= uint.Parse(versionBits, System.Globalization.NumberStyles.HexNumber);
        var prev = Convert.FromHexString(job.PrevHash);
        for (int i = 0; i < 32; i += 4) Array.Reverse(prev, i, 4);
        var header = new byte[80];
        BinaryPrimitives.WriteUInt32LittleEndian(header, version);
        prev.CopyTo(header, 4);
        root.CopyTo(header, 36);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(68), uint.Parse(ntime, System.Globalization.NumberStyles.HexNumber));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(72), uint.Parse(job.NBits, System.Globalization.NumberStyles.HexNumber));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(76), nonce);
        return header;
    }

    /// <summary>Searches nonces from <paramref name="startNonce"/> until the hash satisfies <paramref name="accept"/> (bounded).</summary>
    public MinedShare Mine(NotifyJob job, Func<BigInteger, bool> accept, string extranonce2 = "00000000", string? ntime = null, string? versionBits = null,
        uint startNonce = 0, int maxTries = 1_000_000)
    {
        ntime ??= job.NTime;
        for (uint nonce = startNonce; nonce < startNonce + (uint)maxTries; nonce++)
        {
            var header = BuildHeader(job, extranonce2, ntime, nonce, versionBits);
            var hash = Sha256d(header);
            if (accept(new BigInteger(hash, isUnsigned: true, isBigEndian: false)))
                return new MinedShare(header, hash, extranonce2, ntime, nonce.ToString("x8"), versionBits);
        }
        throw new InvalidOperationException($"no nonce in {maxTries} tries");
    }

    /// <summary>A share that is a block of the job's network target.</summary>
    public MinedShare MineBlock(NotifyJob job, string extranonce2 = "00000000", uint startNonce = 0, string? versionBits = null)
    {
        var target = TargetOfBits(job.NBits);
        return Mine(job, v => v <= target, extranonce2, versionBits: versionBits, startNonce: startNonce);
    }

    /// <summary>A share that meets the connection's difficulty but is not a block.</summary>
    public MinedShare MineShareNotBlock(NotifyJob job, string extranonce2 = "00000000", uint startNonce = 0)
    {
        var network = TargetOfBits(job.NBits);
        var share = TargetOf(Difficulty);
        return Mine(job, v => v > network && v <= share, extranonce2, startNonce: startNonce);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hashmint.Network.Peers;

/// <summary>A ban: the address (IP), the reason code, the sentence, when, and until when.</summary>
public sealed record BanEntry(string Address, string Reason, string Detail, DateTimeOffset Since, DateTimeOffset Until);

/// <summary>An address the node knows of, with what it has learnt by trying it.</summary>
public sealed class KnownAddress
{
    public required string EndPoint { get; init; }
    /// <summary>config, gossip or inbound.</summary>
    public required string Source { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public DateTimeOffset LastAttempt { get; set; }
    public DateTimeOffset LastSuccess { get; set; }
    public int Failures { get; set; }
    /// <summary>Our own listening address, found through the self-connection nonce: never dialled again.</summary>
    public bool IsSelf { get; set; }

    /// <summary>When it may be tried again: 1 s after a failure, doubling per failure up to 10 min (30 s for a configured peer).</summary>
    public DateTimeOffset RetryAt => Failures == 0 ? LastAttempt
        : LastAttempt + TimeSpan.FromSeconds(Math.Min(Source == "config" ? 30 : 600, Math.Pow(2, Math.Min(Failures - 1, 10))));
}

/// <summary>
/// The peer database: addresses learnt (configured, gossiped, inbound) and bans with their reasons. Kept in a JSON file
/// in the data directory (written whole to a temporary file and renamed, so a crash leaves the old or the new one),
/// so both survive restarts. Bans are by IP address; they expire.
/// </summary>
public sealed class PeerBook
{
    private readonly object _sync = new();
    private readonly object _file = new();
    private readonly Dictionary<string, KnownAddress> _addresses = [];
    private readonly Dictionary<string, BanEntry> _bans = [];
    private readonly string? _path;
    private readonly int _maxAddresses;
    private readonly TimeProvider _clock;
    private bool _dirty;

    public PeerBook(string? path, int maxAddresses, TimeProvider clock)
    {
        _path = path;
        _maxAddresses = maxAddresses;
        _clock = clock;
        Load();
    }

    public static string Key(IPEndPoint e) => Normalise(e).ToString();
    public static string Key(IPAddress a) => Normalise(a).ToString();
    public static IPEndPoint Normalise(IPEndPoint e) => new(Normalise(e.Address), e.Port);
    public static IPAddress Normalise(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    public int Count { get { lock (_sync) return _addresses.Count; } }

    /// <summary>Configured addresses in the order they were given: they are dialled in that order.</summary>
    private readonly Dictionary<string, int> _configOrder = [];

    public void Add(IPEndPoint endPoint, string source, DateTimeOffset? seen = null)
    {
        string key = Key(endPoint);
        lock (_sync)
        {
            if (source == "config") _configOrder.TryAdd(key, _configOrder.Count);
            if (_addresses.TryGetValue(key, out var known))
            {
                if (seen is { } s && s > known.LastSeen) known.LastSeen = s;
                if (source == "config") known.Source = source;
            }
            else
            {
                if (_addresses.Count >= _maxAddresses) EvictOne();
                _addresses[key] = new KnownAddress { EndPoint = key, Source = source, LastSeen = seen ?? _clock.GetUtcNow() };
            }
            _dirty = true;
        }
    }

    private void EvictOne()
    {
        // The most failed, then the longest unseen, never a configured one.
        var victim = _addresses.Values.Where(a => a.Source != "config").OrderByDescending(a => a.Failures).ThenBy(a => a.LastSeen).FirstOrDefault();
        if (victim is not null) _addresses.Remove(victim.EndPoint);
    }

    public KnownAddress? Get(IPEndPoint endPoint) { lock (_sync) return _addresses.GetValueOrDefault(Key(endPoint)); }

    public void Attempted(IPEndPoint endPoint)
    {
        lock (_sync)
        {
            if (_addresses.TryGetValue(Key(endPoint), out var a)) a.LastAttempt = _clock.GetUtcNow();
            _dirty = true;
        }
    }

    public void Succeeded(IPEndPoint endPoint)
    {
        lock (_sync)
        {
            if (_addresses.TryGetValue(Key(endPoint), out var a))
            {
                a.LastSuccess = a.LastSeen = _clock.GetUtcNow();
                a.Failures = 0;
            }
            _dirty = true;
        }
    }

    public void Failed(IPEndPoint endPoint)
    {
        lock (_sync)
        {
            if (_addresses.TryGetValue(Key(endPoint), out var a))
            {
                a.Failures++;
                a.LastAttempt = _clock.GetUtcNow(); // the back-off runs from the failure
            }
            _dirty = true;
        }
    }

    public void MarkSelf(IPEndPoint endPoint)
    {
        lock (_sync)
        {
            if (_addresses.TryGetValue(Key(endPoint), out var a)) a.IsSelf = true;
            _dirty = true;
        }
    }

    /// <summary>Addresses that may be dialled now: configured ones first, in the order given, then the others in random order.</summary>
    public List<IPEndPoint> Candidates(Func<IPEndPoint, bool> exclude)
    {
        var now = _clock.GetUtcNow();
        lock (_sync)
        {
            return _addresses.Values
                .Where(a => !a.IsSelf && a.RetryAt <= now && !IsBannedUnlocked(IPEndPoint.Parse(a.EndPoint).Address, now))
                .OrderBy(a => a.Source == "config" ? _configOrder.GetValueOrDefault(a.EndPoint, int.MaxValue) : int.MaxValue).ThenBy(_ => Random.Shared.Next())
                .Select(a => IPEndPoint.Parse(a.EndPoint)).Where(e => !exclude(e)).ToList();
        }
    }

    /// <summary>Up to <paramref name="max"/> addresses to gossip: ones that answered once, or configured, not banned, not ourselves.</summary>
    public List<KnownAddress> Sample(int max)
    {
        var now = _clock.GetUtcNow();
        lock (_sync)
        {
            return _addresses.Values.Where(a => !a.IsSelf && a.Failures < 3 && !IsBannedUnlocked(IPEndPoint.Parse(a.EndPoint).Address, now))
                .OrderBy(_ => Random.Shared.Next()).Take(max).ToList();
        }
    }

    public BanEntry Ban(IPAddress address, string reason, string detail, TimeSpan duration)
    {
        var now = _clock.GetUtcNow();
        var entry = new BanEntry(Key(address), reason, detail, now, now + duration);
        lock (_sync)
        {
            _bans[entry.Address] = entry;
            _dirty = true;
        }
        return entry;
    }

    public bool Unban(string address)
    {
        lock (_sync)
        {
            _dirty = true;
            return _bans.Remove(address);
        }
    }

    public BanEntry? BanOf(IPAddress address)
    {
        lock (_sync) return IsBannedUnlocked(address, _clock.GetUtcNow()) ? _bans[Key(address)] : null;
    }

    public bool IsBanned(IPAddress address) => BanOf(address) is not null;

    private bool IsBannedUnlocked(IPAddress address, DateTimeOffset now) => _bans.TryGetValue(Key(address), out var b) && b.Until > now;

    public IReadOnlyList<BanEntry> Bans()
    {
        var now = _clock.GetUtcNow();
        lock (_sync) return _bans.Values.Where(b => b.Until > now).OrderBy(b => b.Since).ToList();
    }

    // ---- persistence ----

    private sealed record FileContents(int Version, List<KnownAddress> Addresses, List<BanEntry> Bans);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private void Load()
    {
        if (_path is null || !File.Exists(_path)) return;
        FileContents? contents;
        try { contents = JsonSerializer.Deserialize<FileContents>(File.ReadAllText(_path), Json); }
        catch (JsonException) { return; } // a damaged file only loses what was learnt; the node starts with an empty book
        if (contents is null) return;
        var now = _clock.GetUtcNow();
        foreach (var a in contents.Addresses ?? [])
            if (IPEndPoint.TryParse(a.EndPoint, out var e) && e.Port != 0) _addresses[Key(e)] = a;
        foreach (var b in contents.Bans ?? [])
            if (b.Until > now) _bans[b.Address] = b;
    }

    /// <summary>Writes the file if anything changed since the last save.</summary>
    public void Save()
    {
        if (_path is null) return;
        string text;
        lock (_sync)
        {
            if (!_dirty) return;
            var now = _clock.GetUtcNow();
            text = JsonSerializer.Serialize(new FileContents(1, _addresses.Values.ToList(), _bans.Values.Where(b => b.Until > now).ToList()), Json);
            _dirty = false;
        }
        lock (_file)
        {
            string temp = _path + ".tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, _path, overwrite: true);
        }
    }
}

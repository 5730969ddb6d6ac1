using System.Net;

namespace Hashmint.Pool.Server;

/// <summary>A ban: who, why, and until when (it expires by itself).</summary>
public sealed record Ban(IPAddress Address, string Reason, DateTimeOffset Until);

/// <summary>Addresses refused at connect until their ban expires. Read on every accept; written on misbehaviour.</summary>
public sealed class BanList(TimeProvider clock)
{
    private readonly Dictionary<IPAddress, Ban> _bans = [];

    public void Add(IPAddress address, string reason, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return;
        var ban = new Ban(address, reason, clock.GetUtcNow() + duration);
        lock (_bans) _bans[address] = ban;
    }

    public Ban? Find(IPAddress address)
    {
        lock (_bans)
        {
            if (!_bans.TryGetValue(address, out var ban)) return null;
            if (ban.Until > clock.GetUtcNow()) return ban;
            _bans.Remove(address);
            return null;
        }
    }

    public void Remove(IPAddress address)
    {
        lock (_bans) _bans.Remove(address);
    }

    /// <summary>Drops expired bans.</summary>
    public void Prune()
    {
        var now = clock.GetUtcNow();
        lock (_bans)
            foreach (var expired in _bans.Values.Where(b => b.Until <= now).ToList()) _bans.Remove(expired.Address);
    }

    public IReadOnlyList<Ban> Active()
    {
        var now = clock.GetUtcNow();
        lock (_bans) return _bans.Values.Where(b => b.Until > now).ToList();
    }
}

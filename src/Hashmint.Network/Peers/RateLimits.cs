using Hashmint.Core.Primitives;

namespace Hashmint.Network.Peers;

/// <summary>A token bucket: <c>rate</c> tokens a second up to <c>burst</c>; starts full.</summary>
internal sealed class TokenBucket
{
    private readonly double _rate;
    private readonly double _burst;
    private readonly TimeProvider _clock;
    private double _tokens;
    private long _last;

    public TokenBucket(double rate, double burst, TimeProvider clock)
    {
        _rate = rate;
        _burst = _tokens = burst;
        _clock = clock;
        _last = clock.GetTimestamp();
    }

    public bool TryTake(double count = 1)
    {
        lock (this)
        {
            Refill();
            if (_tokens < count) return false;
            _tokens -= count;
            return true;
        }
    }

    /// <summary>Takes <paramref name="count"/> even past empty: work already done is paid for by waiting longer.</summary>
    public void Spend(double count)
    {
        lock (this)
        {
            Refill();
            _tokens -= count;
        }
    }

    /// <summary>How long until the bucket is out of debt (zero when it is).</summary>
    public TimeSpan UntilPaid()
    {
        lock (this)
        {
            Refill();
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(-_tokens / _rate, 86_400)); // a day caps a zero rate's wait
        }
    }

    private void Refill()
    {
        long now = _clock.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + _clock.GetElapsedTime(_last, now).TotalSeconds * _rate);
        _last = now;
    }
}

/// <summary>Hashes a peer is known to have (it sent or announced them, or we sent them): bounded, oldest forgotten first.</summary>
internal sealed class KnownSet(int capacity)
{
    private readonly HashSet<Hash256> _set = [];
    private readonly Queue<Hash256> _order = new();

    public int Count { get { lock (_set) return _set.Count; } }

    public bool Contains(Hash256 h) { lock (_set) return _set.Contains(h); }

    /// <summary>Adds; false if it was already there.</summary>
    public bool Add(Hash256 h)
    {
        lock (_set)
        {
            if (!_set.Add(h)) return false;
            _order.Enqueue(h);
            while (_order.Count > capacity) _set.Remove(_order.Dequeue());
            return true;
        }
    }
}

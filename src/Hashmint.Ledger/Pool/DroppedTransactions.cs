using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Pool;

/// <summary>
/// Why recent transactions left the mempool unmined, so `GET /transactions/{txid}` can answer 410 with the reason.
/// Bounded by entries and by message bytes; the oldest reasons are forgotten first.
/// </summary>
internal sealed class DroppedTransactions(int maxEntries, long maxBytes)
{
    private readonly Dictionary<Hash256, Rejection> _reasons = [];
    private readonly Queue<Hash256> _order = new();
    private long _bytes;

    public Rejection? Reason(Hash256 id) => _reasons.GetValueOrDefault(id);

    public void Remember(Hash256 id, Rejection reason)
    {
        if (!_reasons.TryAdd(id, reason)) return;
        _order.Enqueue(id);
        _bytes += Cost(reason);
        while (_reasons.Count > maxEntries || _bytes > maxBytes)
        {
            if (!_order.TryDequeue(out var oldest)) break;
            if (_reasons.Remove(oldest, out var gone)) _bytes -= Cost(gone);
        }
        // Forgotten ids leave stale queue slots behind; compact so the queue stays bounded too.
        if (_order.Count > 2 * _reasons.Count + 64)
        {
            var live = _order.Where(_reasons.ContainsKey).Distinct().ToList();
            _order.Clear();
            foreach (var h in live) _order.Enqueue(h);
        }
    }

    public void Forget(Hash256 id)
    {
        if (_reasons.Remove(id, out var gone)) _bytes -= Cost(gone); // its queue slot is skipped when it comes up
    }

    private static long Cost(Rejection r) => 64 + 2L * (r.Code.Length + r.Message.Length);
}

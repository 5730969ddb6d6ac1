using Hashmint.Core.Primitives;
using Hashmint.Ledger;

namespace Hashmint.Node.Hosting;

/// <summary>Lets background loops wait for the tip to move, woken by the ledger's event instead of polling.</summary>
public sealed class TipSignal
{
    private readonly LedgerFacade _ledger;
    private TaskCompletionSource _changed = NewSource();

    public TipSignal(LedgerFacade ledger)
    {
        _ledger = ledger;
        ledger.ChainUpdated += _ => Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();
    }

    /// <summary>Returns when the tip is no longer <paramref name="tip"/>, after <paramref name="max"/>, or when cancelled.</summary>
    public async Task WaitForChangeAsync(Hash256 tip, TimeSpan max, CancellationToken ct)
    {
        var changed = Volatile.Read(ref _changed).Task;
        if (_ledger.Tip.Hash != tip) return;
        try { await changed.WaitAsync(max, ct).ConfigureAwait(false); }
        catch (TimeoutException) { /* waited long enough */ }
        catch (OperationCanceledException) { /* stopping */ }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using System.Diagnostics;

namespace Hashmint.Storage;

/// <summary>
/// Counts calls in flight into the native database so that closing it never frees memory a
/// reader on another thread is still using (that would crash the process, not throw).
/// </summary>
internal sealed class OperationGate
{
    private int _active;
    private int _closed;

    /// <summary>Registers one call; throws <see cref="ObjectDisposedException"/> once closed.</summary>
    public void Enter(string ownerName)
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Decrement(ref _active);
            throw new ObjectDisposedException(ownerName);
        }
    }

    public void Exit() => Interlocked.Decrement(ref _active);

    /// <summary>Refuses new calls, then waits for those in flight; false when some outlast the timeout.</summary>
    public bool CloseAndDrain(TimeSpan timeout)
    {
        // Interlocked (a full fence) so the read of _active below cannot move before this write.
        Interlocked.Exchange(ref _closed, 1);
        var clock = Stopwatch.StartNew();
        var spinner = new SpinWait();
        while (Volatile.Read(ref _active) != 0)
        {
            if (clock.Elapsed > timeout) return false;
            spinner.SpinOnce();
        }
        return true;
    }
}

namespace Hashmint.Node.Hosting;

/// <summary>
/// After a burst of image renders ends (no render for <see cref="QuietPeriod"/>), compacts the managed heap and gives
/// its freed memory and glibc's back to the system once. A burst of large renders leaves tens of megabytes of freed
/// buffers that the runtime and the allocator would otherwise keep for a next burst that may never come; a node is a
/// long-running process on machines that run other things. Measured in docs/PERFORMANCE.md ("Memory soak: images").
/// </summary>
public sealed partial class IdleMemoryTrimmer(ImageCache images, ILogger<IdleMemoryTrimmer> log, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long trimmedAt = images.RendersDone, seen = trimmedAt;
        var lastChange = clock.GetUtcNow();
        using var timer = new PeriodicTimer(Poll, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            long now = images.RendersDone;
            if (now != seen) { seen = now; lastChange = clock.GetUtcNow(); continue; }
            if (now == trimmedAt || clock.GetUtcNow() - lastChange < QuietPeriod) continue;
            trimmedAt = now;
            long before = Environment.WorkingSet;
            // Aggressive: compacts, and decommits what the GC holds free rather than keeping it for reuse.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            NativeHeap.Trim();
            LogTrimmed(before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "image renders idle: memory trimmed from {BeforeMb} MB to {AfterMb} MB")]
    private partial void LogTrimmed(long beforeMb, long afterMb);
}

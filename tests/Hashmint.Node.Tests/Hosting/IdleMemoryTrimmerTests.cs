using Hashmint.Core.Primitives;
using Hashmint.Node.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hashmint.Node.Tests.Hosting;

public sealed class IdleMemoryTrimmerTests
{
    [Fact]
    public async Task Memory_is_trimmed_once_when_a_burst_of_renders_has_been_quiet_for_the_quiet_period()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var images = new ImageCache(1 << 20);
        var log = new TrimLog();
        using var trimmer = new IdleMemoryTrimmer(images, log, clock);
        await trimmer.StartAsync(CancellationToken.None);
        try
        {
            // No renders yet: however long it is quiet, there is nothing to trim.
            await AdvanceAsync(clock, IdleMemoryTrimmer.QuietPeriod * 3);
            Assert.Equal(0, log.Trims);

            await images.RenderAsync(new Hash256(new byte[32]), 16, CancellationToken.None);
            Assert.True(await WaitForAsync(() => log.Trims == 1, clock), "no trim after the renders went quiet");

            // Quiet again with no new render: no second trim.
            await AdvanceAsync(clock, IdleMemoryTrimmer.QuietPeriod * 3);
            Assert.Equal(1, log.Trims);

            await images.RenderAsync(new Hash256(Enumerable.Repeat((byte)7, 32).ToArray()), 16, CancellationToken.None);
            Assert.True(await WaitForAsync(() => log.Trims == 2, clock), "no trim after the second burst");
        }
        finally { await trimmer.StopAsync(CancellationToken.None); }
    }

    /// <summary>Moves the fake clock in one-second steps, giving the trimmer's loop a moment after each.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider clock, TimeSpan by)
    {
        for (var done = TimeSpan.Zero; done < by; done += TimeSpan.FromSeconds(1))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }
    }

    /// <summary>Advances the clock until the condition holds; bounded (60 simulated and at most ~20 real seconds).</summary>
    private static async Task<bool> WaitForAsync(Func<bool> condition, FakeTimeProvider clock)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (int step = 0; step < 60 && DateTime.UtcNow < deadline; step++)
        {
            if (condition()) return true;
            clock.Advance(TimeSpan.FromSeconds(1));
            for (int i = 0; i < 20 && !condition(); i++) await Task.Delay(10);
        }
        return condition();
    }

    private sealed class TrimLog : ILogger<IdleMemoryTrimmer>
    {
        private int _trims;
        public int Trims => Volatile.Read(ref _trims);
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains("memory trimmed", StringComparison.Ordinal)) Interlocked.Increment(ref _trims);
        }
    }
}

using Hashmint.Storage.CrashWriter;

namespace Hashmint.Storage.Tests;

/// <summary>
/// A writer process is SIGKILLed again and again at random moments (fixed seed) while it writes
/// batches; after every kill the store must reopen whole: each batch entirely there or entirely
/// absent, and every batch the writer saw acknowledged still there.
/// </summary>
public class CrashConsistencyTests
{
    private const int Kills = 20;

    [Fact]
    public async Task EveryKillLeavesAConsistentStoreWithAllAcknowledgedBatches()
    {
        var random = new Random(81);
        using var directory = new TempDirectory();
        long counter = 0;
        var killedDuringStartup = 0;
        for (var round = 0; round < Kills; round++)
        {
            long acknowledged;
            using (var writer = CrashWriterProcess.Start("write", directory.Path))
            {
                if (round % 5 == 4)
                {
                    // Some kills land while the writer starts up or recovers the log of the previous kill.
                    await Task.Delay(random.Next(0, 150));
                    killedDuringStartup++;
                }
                else
                {
                    writer.WaitUntilReady();
                    await writer.WaitForCommitsAsync(counter + random.Next(0, 40));
                    // A random extra delay (fixed seed, at most 15 ms) so kills hit varied points of a write, flush or compaction.
                    await Task.Delay(random.Next(0, 16));
                }
                writer.Kill();
                acknowledged = writer.LastCommitted;
            }

            using var store = RocksDbKeyValueStore.Open(directory.Path, CrashLayout.StoreOptions, CrashLayout.Families);
            var recovered = ConsistentCounter(store);
            Assert.True(recovered >= acknowledged, $"round {round}: batch {acknowledged} was acknowledged but the store recovered only {recovered}");
            Assert.True(recovered >= counter, $"round {round}: the counter went back from {counter} to {recovered}");
            counter = recovered;
        }
        Assert.Equal(Kills / 5, killedDuringStartup);
        Assert.True(counter > Kills, $"the writers committed only {counter} batches in {Kills} rounds");
    }

    /// <summary>The batch number the store holds, after checking every key agrees with it.</summary>
    private static long ConsistentCounter(IKeyValueStore store)
    {
        var counterBytes = store.Get(CrashLayout.Counter, CrashLayout.CounterKey);
        var state = store.Iterate(CrashLayout.Values, []).ToList();
        var markers = store.Iterate(CrashLayout.Markers, "m"u8).ToList();
        if (counterBytes is null)
        {
            Assert.Empty(state);
            Assert.Empty(markers);
            return 0;
        }

        var counter = CrashLayout.DecodeCounter(counterBytes);
        Assert.Equal(CrashLayout.KeysPerBatch, state.Count);
        for (var i = 0; i < state.Count; i++)
        {
            Assert.Equal(CrashLayout.StateKey(i), state[i].Key);
            Assert.Equal(CrashLayout.StateValue(counter, i), state[i].Value);
        }
        var marker = Assert.Single(markers);
        Assert.Equal(CrashLayout.MarkerKey(counter), marker.Key);
        Assert.Equal(counter, CrashLayout.DecodeCounter(marker.Value));
        return counter;
    }
}

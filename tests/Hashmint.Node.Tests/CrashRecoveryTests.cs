using System.Buffers.Binary;
using Hashmint.Core.Consensus;
using Hashmint.Ledger.Synthetic;

namespace Hashmint.Node.Tests;

/// <summary>
/// SIGKILL during block import, many times at random moments: every time, the database reopens and its state equals
/// the state recomputed by replaying its own blocks from genesis (`hashmint verify-state`).
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int ChainLength = 100;

    [Fact]
    public async Task Killing_import_at_random_moments_never_leaves_an_inconsistent_database()
    {
        using var tmp = new TempDir();
        string chainFile = tmp.Sub("chain.dat");
        WriteChainFile(chainFile, ChainLength, transfersPerBlock: 120);

        // How long a whole import takes here (start-up included), so the kills can be spread over all of it.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (calibrated, calibrationOutput) = await HashmintProcess.RunAsync(["import", "--network", "regtest", "--datadir", tmp.Sub("calibration"), "--file", chainFile]);
        Assert.True(calibrated == 0, calibrationOutput);
        double importMs = clock.Elapsed.TotalMilliseconds;

        var random = new Random(20261124); // fixed: the same sequence of kill points on every run
        int kills = 0, rounds = 0;
        const int WantedKills = 10, MaxRounds = 40;
        string? resumable = null, lastKilled = null;
        while (kills < WantedKills && rounds < MaxRounds)
        {
            // A fresh database each round, killed at a random fraction of a whole import's time (start-up included).
            // When an import finishes before its kill, the machine is faster now than when calibrated: shrink the window.
            // Every third round resumes the last killed database instead, so a crashed database is also crashed again.
            bool resume = rounds % 3 == 2 && lastKilled is not null;
            string dataDir = resume ? lastKilled! : tmp.Sub($"node-{rounds}");
            int delayMs = (int)(importMs * (0.05 + 0.9 * random.NextDouble()));
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var import = HashmintProcess.Start(["import", "--network", "regtest", "--datadir", dataDir, "--file", chainFile]);
            await import.WaitForExitAsync(TimeSpan.FromMilliseconds(delayMs));
            if (!import.HasExited)
            {
                import.Signal(HashmintProcess.SIGKILL);
                Assert.True(await import.WaitForExitAsync(TimeSpan.FromSeconds(30)), "killed import did not exit");
                kills++;
                resumable ??= dataDir;
                lastKilled = dataDir;
            }
            else if (!resume) importMs = Math.Min(importMs, started.Elapsed.TotalMilliseconds);

            var (code, output) = await HashmintProcess.RunAsync(["verify-state", "--network", "regtest", "--datadir", dataDir]);
            Assert.True(code == 0, $"round {rounds}: verify-state failed ({code}):\n{output}");
            Assert.Contains("\"consistent\":true", output);
            rounds++;
        }
        Assert.True(kills >= WantedKills, $"only {kills} of {rounds} imports were killed mid-way; the test did not exercise crashes");

        // A killed database then imports to the end: the whole chain is there and consistent.
        string last = resumable!;
        var (done, doneOutput) = await HashmintProcess.RunAsync(["import", "--network", "regtest", "--datadir", last, "--file", chainFile], timeoutSeconds: 300);
        Assert.True(done == 0, doneOutput);
        var (verified, report) = await HashmintProcess.RunAsync(["verify-state", "--network", "regtest", "--datadir", last]);
        Assert.Equal(0, verified);
        Assert.Contains($"\"height\":{ChainLength},", report);
        Assert.Contains("\"consistent\":true", report);
    }

    private static void WriteChainFile(string path, int blocks, int transfersPerBlock)
    {
        var synthetic = new SyntheticChain(ChainParams.Regtest, seed: 7);
        synthetic.FundSenders(20);
        while (synthetic.Ledger.Tip.Height < blocks) synthetic.AddTransferBlock(transfersPerBlock);
        using var file = File.Create(path);
        Span<byte> len = stackalloc byte[4];
        foreach (var block in synthetic.Blocks)
        {
            var bytes = block.Encode();
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)bytes.Length);
            file.Write(len);
            file.Write(bytes);
        }
    }
}

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
    [Fact]
    public async Task Killing_import_at_random_moments_never_leaves_an_inconsistent_database()
    {
        using var tmp = new TempDir();
        string chainFile = tmp.Sub("chain.dat");
        WriteChainFile(chainFile, blocks: 120, transfersPerBlock: 25);
        string dataDir = tmp.Sub("node");
        var random = new Random(20261124); // fixed: the same kill schedule on every run

        uint lastHeight = 0;
        int kills = 0;
        for (int round = 0; round < 12; round++)
        {
            using var import = HashmintProcess.Start(["import", "--network", "regtest", "--datadir", dataDir, "--file", chainFile]);
            // Startup takes a few hundred ms; spread the kills over startup, index loading and block connection.
            await import.WaitForExitAsync(TimeSpan.FromMilliseconds(150 + random.Next(1500)));
            if (!import.HasExited)
            {
                import.Signal(HashmintProcess.SIGKILL);
                await import.WaitForExitAsync(TimeSpan.FromSeconds(30));
                kills++;
            }

            var (code, output) = await HashmintProcess.RunAsync(["verify-state", "--network", "regtest", "--datadir", dataDir]);
            Assert.True(code == 0, $"round {round}: verify-state failed ({code}):\n{output}");
            Assert.Contains("\"consistent\":true", output);
            uint height = uint.Parse(output.Split("\"height\":")[1].Split(',')[0]);
            Assert.True(height >= lastHeight, $"round {round}: height went back from {lastHeight} to {height}");
            lastHeight = height;
        }
        Assert.True(kills >= 6, $"only {kills} of 12 rounds were killed mid-import; the test did not exercise crashes");

        // Finally let an import run to the end: the whole chain is there and consistent.
        var (done, doneOutput) = await HashmintProcess.RunAsync(["import", "--network", "regtest", "--datadir", dataDir, "--file", chainFile], timeoutSeconds: 300);
        Assert.True(done == 0, doneOutput);
        var (verified, report) = await HashmintProcess.RunAsync(["verify-state", "--network", "regtest", "--datadir", dataDir]);
        Assert.Equal(0, verified);
        Assert.Contains("\"height\":120,", report);
        Assert.Contains("\"consistent\":true", report);
    }

    private static void WriteChainFile(string path, int blocks, int transfersPerBlock)
    {
        var synthetic = new SyntheticChain(ChainParams.Regtest, seed: 7);
        synthetic.FundSenders(5);
        while (synthetic.Chain.Tip.Height < blocks) synthetic.AddTransferBlock(transfersPerBlock);
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

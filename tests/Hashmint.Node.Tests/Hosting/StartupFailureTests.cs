namespace Hashmint.Node.Tests.Hosting;

/// <summary>A node that cannot start says why in one line (no framework trace) and exits non-zero, leaving nothing running.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task A_taken_port_is_one_line_and_a_non_zero_exit()
    {
        using var tmp = new TempDir();
        await using var first = await RunningNode.StartAsync(tmp.Sub("a"));
        var (code, output) = await HashmintProcess.RunAsync(["node", "--network", "regtest", "--datadir", tmp.Sub("b"), "--api-port", first.Port.ToString(), "--quiet"]);
        Assert.NotEqual(0, code);
        Assert.Contains($"cannot listen on http://127.0.0.1:{first.Port}", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
        Assert.True(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 3, output);
        Assert.False(File.Exists(Path.Combine(tmp.Sub("b"), "node.json")));
    }
}

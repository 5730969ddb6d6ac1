using Hashmint.Node.Hosting;

namespace Hashmint.Node.Tests.Hosting;

/// <summary>Start-up settings that cannot work are refused in one message, a line each.</summary>
public sealed class NodeOptionsValidatorTests
{
    private static string? Problems(string network, int? snapshotDepth)
    {
        var result = new NodeOptionsValidator().Validate(null, new NodeOptions { Network = network, DataDirectory = "/tmp/x", SnapshotDepth = snapshotDepth });
        return result.Succeeded ? null : result.FailureMessage;
    }

    [Theory]
    [InlineData("main", 1999, null)]
    [InlineData("main", 2000, "--snapshot-depth must be below 2000 on main (twice its snapshot interval), got 2000")]
    [InlineData("regtest", 199, null)]
    [InlineData("regtest", 200, "--snapshot-depth must be below 200 on regtest (twice its snapshot interval), got 200")]
    [InlineData("dev", -1, "--snapshot-depth must be 0..100000, got -1")]
    [InlineData("dev", null, null)]
    public void A_snapshot_depth_peers_cannot_serve_is_refused(string network, int? depth, string? problem) =>
        Assert.Equal(problem, Problems(network, depth));
}

using System.CommandLine;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint status` and `hashmint mine`: talk to a running node found through its data directory.</summary>
public static class ControlCommands
{
    public static Command Status()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var cmd = new Command("status", "Show the running node's status as JSON") { dataDir, network };
        cmd.SetAction(async (result, ct) =>
        {
            var (_, dir) = CliOptions.Resolve(result, dataDir, network);
            using var client = NodeClient.FromDataDir(dir.Path);
            Console.WriteLine(WalletCommands.Pretty(await client.GetJsonAsync("api/v1/status", ct)));
            return 0;
        });
        return cmd;
    }

    public static Command Mine()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var threads = new Option<int?>("--threads") { Description = "Mining threads" };
        var stop = new Option<bool>("--stop") { Description = "Stop mining instead" };
        var cmd = new Command("mine", "Start or stop the running node's miner") { dataDir, network, threads, stop };
        cmd.SetAction(async (result, ct) =>
        {
            var (_, dir) = CliOptions.Resolve(result, dataDir, network);
            using var client = NodeClient.FromDataDir(dir.Path);
            var reply = await client.PostJsonAsync("api/v1/admin/mining", new { enabled = !result.GetValue(stop), threads = result.GetValue(threads) }, ct);
            Console.WriteLine(WalletCommands.Pretty(reply));
            return 0;
        });
        return cmd;
    }

    public static Command Generate()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var count = new Argument<int>("count") { Description = "How many blocks" };
        var address = new Option<string?>("--address") { Description = "Payout address (default: the node's)" };
        var cmd = new Command("generate", "Mine blocks on the running node right away (regtest/dev)") { count, dataDir, network, address };
        cmd.SetAction(async (result, ct) =>
        {
            var (_, dir) = CliOptions.Resolve(result, dataDir, network);
            using var client = NodeClient.FromDataDir(dir.Path);
            var reply = await client.PostJsonAsync("api/v1/admin/generate", new { count = result.GetValue(count), address = result.GetValue(address) }, ct);
            foreach (var hash in reply.EnumerateArray()) Console.WriteLine(hash.GetString());
            return 0;
        });
        return cmd;
    }
}

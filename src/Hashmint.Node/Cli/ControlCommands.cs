using System.CommandLine;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint status`, `hashmint mine` and `hashmint generate`: talk to a running node (its data directory's, or --node URL).</summary>
public static class ControlCommands
{
    public static Command Status()
    {
        var cmd = new Command("status", "Show the running node's status as JSON");
        var target = NodeTarget.AddTo(cmd, "status");
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync("api/v1/status", ct)));
            return 0;
        });
        return cmd;
    }

    public static Command Mine()
    {
        var threads = new Option<int?>("--threads") { Description = "Mining threads, 1..1024 (default: as before, else 1)" }.Range(1, 1024);
        var stop = new Option<bool>("--stop") { Description = "Stop mining instead" };
        var cmd = new Command("mine", "Start or stop the running node's miner (admin call)") { threads, stop };
        var target = NodeTarget.AddTo(cmd, "mine", admin: true);
        cmd.Check(r =>
        {
            if (r.Value(stop) && r.Given(threads)) r.AddError("--threads means nothing with --stop");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var reply = await node.Client.PostJsonAsync("api/v1/admin/mining", new { enabled = !result.GetValue(stop), threads = result.GetValue(threads) }, ct);
            Console.WriteLine(WalletCommands.Pretty(reply));
            return 0;
        });
        return cmd;
    }

    public static Command Generate()
    {
        var count = new Argument<int>("count") { Description = "How many blocks, 1..10000" }.Range(1, 10_000);
        var address = new Option<string?>("--address") { Description = "Payout address (default: the node's)" };
        var cmd = new Command("generate", "Mine blocks on the running node right away (regtest/dev; admin call)") { count, address };
        var target = NodeTarget.AddTo(cmd, "generate", admin: true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var reply = await node.Client.PostJsonAsync("api/v1/admin/generate", new { count = result.GetValue(count), address = result.GetValue(address) }, ct);
            foreach (var hash in reply.EnumerateArray()) Console.WriteLine(hash.GetString());
            return 0;
        });
        return cmd;
    }
}

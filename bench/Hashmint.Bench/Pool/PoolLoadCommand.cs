using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Pool.Tests.Support;

namespace Hashmint.Bench.Pool;

/// <summary>
/// <c>pool-load --port P --api URL --server-pid PID [--address ADDR | --addresses A] [--connections N] [--timeout S]</c>: the client side of
/// the pool load test (scripts/pool-load-test starts the node). Opens N Stratum connections to a regtest node's pool
/// (from this process, not the server's), subscribes and authorizes every one and waits for its first job, measures the
/// server's memory per connection (VmRSS before and after), then mines a block on one connection and measures the
/// time until every connection has received the new job (clean_jobs). With <c>--addresses A</c> the connections mine for A
/// different addresses (connection i for address i mod A): each address has its own job, so a fan-out builds A block
/// templates (with A = 1, the default, one job is shared by all). Bounded: it stops by itself after the timeout.
/// </summary>
public static class PoolLoadCommand
{
    public const string Name = "pool-load";

    public static async Task<int> RunAsync(string[] args)
    {
        int port = 0, pid = 0, connections = 10_000, addresses = 1;
        double timeout = 300;
        string api = "", address = "";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--api": api = args[i + 1]; break;
                case "--server-pid": pid = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--address": address = args[i + 1]; break;
                case "--addresses": addresses = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--connections": connections = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--timeout": timeout = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (addresses < 1 || (address.Length > 0 && addresses != 1)) { Console.Error.WriteLine("--addresses must be at least 1, and 1 with --address"); return 2; }
        string[] logins = address.Length > 0 ? [address] : Enumerable.Range(1, addresses).Select(k =>
        {
            var secret = new byte[32];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(secret.AsSpan(28), k);
            return Hashmint.Crypto.Address.Encode(Hashmint.Core.Consensus.ChainParams.Regtest.AddressPrefix, Hashmint.Crypto.Schnorr.GetXOnlyPublicKey(secret));
        }).ToArray();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(timeout));
        var run = Run(port, api, pid, logins, connections, stop.Token);
        if (await Task.WhenAny(run, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default)) != run)
        {
            Console.Error.WriteLine($"pool load test: timed out after {timeout} s");
            return 1;
        }
        return await run;
    }

    private static long RssKiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>CPU time (user + system, all threads) of a process so far, from /proc/PID/stat (clock ticks of 10 ms).</summary>
    private static double CpuMilliseconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": state is field 3, utime 14, stime 15
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static async Task<int> Run(int port, string api, int pid, string[] addresses, int n, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(30) };
        GC.Collect();
        long rss0 = RssKiB(pid);
        var clients = new StratumTestClient[n];
        var gate = new SemaphoreSlim(200);
        double serverCpu0 = CpuMilliseconds(pid);
        var opened = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            await gate.WaitAsync(stop);
            try
            {
                var c = await StratumTestClient.ConnectAsync(port);
                await c.LoginAsync($"{addresses[i % addresses.Length]}.c{i}");
                clients[i] = c;
            }
            finally { gate.Release(); }
        }));
        opened.Stop();
        Console.WriteLine($"connections: {n} subscribed and authorized ({addresses.Length} address(es)), each with its first job, in {opened.Elapsed.TotalSeconds:F1} s " +
                          $"(server CPU {CpuMilliseconds(pid) - serverCpu0:F0} ms)");
        await Task.Delay(3000, stop); // let the server's allocations settle
        long rss1 = RssKiB(pid);
        Console.WriteLine($"server memory: VmRSS {rss0 / 1024.0:F1} MiB before, {rss1 / 1024.0:F1} MiB with {n} connections: {(rss1 - rss0) * 1024.0 / n:F0} bytes per connection");

        // Fan-out: every connection waits for its next job; one of them finds a block.
        var waits = clients.Skip(1).Select(c => c.NextNotificationAsync("mining.notify")).ToList();
        var finder = clients[0];
        var job = finder.Job!;
        var share = finder.MineBlock(job);
        double serverCpu1 = CpuMilliseconds(pid);
        var fanOut = Stopwatch.StartNew();
        var answer = await finder.SubmitAsync($"{addresses[0]}.c0", job, share);
        if (answer["result"]?.GetValue<bool>() != true) { Console.Error.WriteLine($"block share refused: {answer.ToJsonString()}"); return 1; }
        await finder.NextNotificationAsync("mining.notify");
        await Task.WhenAll(waits);
        fanOut.Stop();
        double fanOutCpu = CpuMilliseconds(pid) - serverCpu1;
        int clean = clients.Count(c => c.Job!.Clean && c.Job.PrevHash != job.PrevHash);
        var pool = await http.GetFromJsonAsync<JsonElement>("api/v1/pool", stop);
        Console.WriteLine($"fan-out: block found -> new job on all {n} connections in {fanOut.Elapsed.TotalMilliseconds:F0} ms end to end " +
                          $"(server: {pool.GetProperty("lastFanOutMilliseconds").GetDouble():F1} ms to queue {pool.GetProperty("lastFanOutMiners").GetInt32()} notifies); " +
                          $"{clean} received a clean job on the new tip; server CPU (all threads: the block, the templates, {n} sends) {fanOutCpu:F0} ms");
        Console.WriteLine($"pool: {pool.GetProperty("connections").GetInt32()} connections, {pool.GetProperty("workers").GetInt32()} workers, {pool.GetProperty("blocksFound").GetInt64()} block(s) found");
        foreach (var c in clients) await c.DisposeAsync();
        return clean == n ? 0 : 1;
    }
}

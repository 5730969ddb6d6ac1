using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Tests.Network;

/// <summary>
/// A network split in two by taking a link down, with latency and loss between the halves, real node processes in
/// network namespaces: both halves mine, the link comes back, and every node ends on the most-work chain with the losing
/// half's transaction back in the mempools. Needs root and `ip` (CI runs as root); scripts/test runs it on its own after
/// the other tests (and scripts/test-network alone).
/// </summary>
[Trait("Category", "Partition")]
public sealed class PartitionTests
{
    private static readonly byte[] MinerKey = System.Security.Cryptography.SHA256.HashData("hashmint partition test miner"u8);
    private static AccountId Miner => new(Schnorr.GetXOnlyPublicKey(MinerKey));

    [Fact]
    public async Task Split_mine_on_both_sides_heal_and_every_node_ends_on_the_most_work_chain_with_the_losers_transactions_pending()
    {
        Assert.True(Environment.UserName == "root" || geteuid() == 0, "needs root for network namespaces");
        string run = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..4];
        await using var net = new Namespaces(run);
        using var dir = new TempDir();
        // Side A: one namespace, three nodes; side B: another, two. Each namespace has a data link (P2P, through the relay
        // in this process) and a management link (the API) to the root namespace.
        net.AddSide(1);
        net.AddSide(2);
        int P2p(int i) => 41000 + i;
        int Api(int i) => 42000 + i;
        string NsOf(int i) => i < 3 ? net.Name(1) : net.Name(2);
        string Mgmt(int i) => i < 3 ? "10.80.1.2" : "10.80.2.2";
        // The halves meet only through relays with 25 ms latency and 2 % "loss" (a chunk held 200 ms, as a retransmission would).
        await using var relayAtoB = new DelayRelay(new IPEndPoint(IPAddress.Parse("10.79.1.1"), 43000), new IPEndPoint(IPAddress.Parse("10.79.2.2"), P2p(3)), 25, 0.02);
        await using var relayBtoA = new DelayRelay(new IPEndPoint(IPAddress.Parse("10.79.2.1"), 43001), new IPEndPoint(IPAddress.Parse("10.79.1.2"), P2p(0)), 25, 0.02);
        var peers = new[]
        {
            new[] { "10.79.1.1:43000" },
            new[] { $"127.0.0.1:{P2p(0)}" },
            new[] { $"127.0.0.1:{P2p(0)}", $"127.0.0.1:{P2p(1)}" },
            new[] { "10.79.2.1:43001" },
            new[] { $"127.0.0.1:{P2p(3)}" },
        };
        var nodes = new List<NsNode>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                var args = new List<string> { "node", "--network", "regtest", "--quiet", "--datadir", dir.Sub($"n{i}"), "--api-host", Mgmt(i),
                    "--api-port", Api(i).ToString(), "--listen", $"0.0.0.0:{P2p(i)}", "--payout", Miner.ToAddress("rm") };
                foreach (var p in peers[i]) args.AddRange(["--peer", p]);
                nodes.Add(await NsNode.StartAsync(NsOf(i), args, $"http://{Mgmt(i)}:{Api(i)}/", dir.Sub($"n{i}")));
            }
            await nodes[0].GenerateAsync(3); // the miner's coins mature (regtest: after 1 block)
            await WaitAsync(async () => (await TipsAsync(nodes)).Distinct().Count() == 1 && (await nodes[4].HeightAsync()) == 3, "all five on one tip", nodes);

            net.LinkDown(2); // the split
            // Side B: a transaction and two blocks with it; side A: four blocks (more work) without it.
            var tx = Transaction.CreateSignedPayingPerByte(ChainParams.Regtest.ChainId, MinerKey, 0, 2, 0,
                [new TransferOperation(new AccountId(Schnorr.GetXOnlyPublicKey(System.Security.Cryptography.SHA256.HashData("to"u8))), Amount.Coins(1))]);
            await nodes[3].SubmitTransactionAsync(Convert.ToHexStringLower(tx.Encoded));
            await WaitAsync(async () => await nodes[4].HasPendingAsync(tx.Id), "the transaction to reach node 4", nodes);
            await nodes[3].GenerateAsync(2);
            await nodes[0].GenerateAsync(4);
            await WaitAsync(async () => await nodes[2].HeightAsync() == 7 && await nodes[4].HeightAsync() == 5, "each side on its own chain", nodes);
            Assert.False(await nodes[4].HasPendingAsync(tx.Id)); // mined on side B

            net.LinkUp(2); // heal
            string winner = (await TipsAsync(nodes))[0];
            await WaitAsync(async () => (await TipsAsync(nodes)).All(t => t == winner), "every node on side A's chain", nodes, seconds: 180);
            await WaitAsync(async () => (await Task.WhenAll(nodes.Select(n => n.HasPendingAsync(tx.Id)))).All(x => x),
                "the losing side's transaction pending in all five mempools", nodes, seconds: 120);
        }
        finally
        {
            foreach (var n in nodes) await n.DisposeAsync();
        }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    private static async Task<string[]> TipsAsync(List<NsNode> nodes) => await Task.WhenAll(nodes.Select(n => n.TipAsync()));

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, List<NsNode> nodes, int seconds = 120)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            try { if (await condition()) return; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        var state = new StringBuilder();
        foreach (var n in nodes) state.AppendLine(n.Describe());
        Assert.Fail($"timed out after {seconds} s waiting for {what}\n{state}");
    }

    /// <summary>Namespaces made for one run and removed after it, with their links.</summary>
    private sealed class Namespaces(string run) : IAsyncDisposable
    {
        private readonly List<string> _made = [];
        private readonly List<string> _rootLinks = [];

        public string Name(int side) => $"hm{run}s{side}";

        public void AddSide(int side)
        {
            string ns = Name(side);
            Ip($"netns add {ns}");
            _made.Add(ns);
            Ip($"netns exec {ns} ip link set lo up");
            foreach (var (kind, net) in new[] { ("d", 79), ("m", 80) })
            {
                string root = $"hm{run}{kind}{side}r", inner = $"hm{run}{kind}{side}n";
                Ip($"link add {root} type veth peer name {inner}");
                _rootLinks.Add(root);
                Ip($"link set {inner} netns {ns}");
                Ip($"addr add 10.{net}.{side}.1/30 dev {root}");
                Ip($"link set {root} up");
                Ip($"netns exec {ns} ip addr add 10.{net}.{side}.2/30 dev {inner}");
                Ip($"netns exec {ns} ip link set {inner} up");
            }
        }

        public void LinkDown(int side) => Ip($"link set hm{run}d{side}r down");

        public void LinkUp(int side) => Ip($"link set hm{run}d{side}r up");

        private static void Ip(string args)
        {
            var psi = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args.Split(' ')) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit(30_000);
            if (p.ExitCode != 0) throw new InvalidOperationException($"ip {args} failed: {err}");
        }

        public ValueTask DisposeAsync()
        {
            foreach (var l in _rootLinks) { try { Ip($"link del {l}"); } catch (InvalidOperationException) { } }
            foreach (var ns in _made) { try { Ip($"netns del {ns}"); } catch (InvalidOperationException) { } }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A `hashmint node` process inside a namespace, with a client for its API.</summary>
    private sealed class NsNode : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly string _dataDir;
        public HttpClient Http { get; }

        private NsNode(Process process, string url, string dataDir)
        {
            _process = process;
            _dataDir = dataDir;
            Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(20) };
        }

        public static async Task<NsNode> StartAsync(string ns, List<string> args, string url, string dataDir)
        {
            var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var a in new[] { "netns", "exec", ns, "dotnet", HashmintProcess.Executable }.Concat(args)) psi.ArgumentList.Add(a);
            var p = new Process { StartInfo = psi };
            var node = new NsNode(p, url, dataDir);
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (node._output) node._output.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (node._output) node._output.AppendLine(e.Data); };
            p.Start();
            p.StandardInput.Close();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                if (p.HasExited) throw new InvalidOperationException($"node exited {p.ExitCode}:\n{node.Output}");
                try { if ((await node.Http.GetAsync("api/v1/status")).IsSuccessStatusCode) return node; }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(250);
            }
            throw new TimeoutException("node API did not answer:\n" + node.Output);
        }

        public string Output { get { lock (_output) return _output.ToString(); } }

        private string Token => File.ReadAllText(Path.Combine(_dataDir, "api-token")).Trim();

        public async Task GenerateAsync(int count)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "api/v1/admin/generate") { Content = JsonContent.Create(new { count }) };
            req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            using var r = await Http.SendAsync(req);
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"generate failed: {await r.Content.ReadAsStringAsync()}");
        }

        public async Task SubmitTransactionAsync(string hex)
        {
            using var r = await Http.PostAsync("api/v1/transactions", new StringContent(hex, Encoding.ASCII, "text/plain"));
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"transaction refused: {await r.Content.ReadAsStringAsync()}");
        }

        public async Task<bool> HasPendingAsync(Hash256 txid)
        {
            using var r = await Http.GetAsync($"api/v1/transactions/{txid}");
            if (!r.IsSuccessStatusCode) return false;
            var json = await r.Content.ReadFromJsonAsync<JsonElement>();
            return json.GetProperty("status").GetString() == "pending";
        }

        public async Task<string> TipAsync() => (await Http.GetFromJsonAsync<JsonElement>("api/v1/status")).GetProperty("tipHash").GetString()!;

        public async Task<uint> HeightAsync() => (await Http.GetFromJsonAsync<JsonElement>("api/v1/status")).GetProperty("height").GetUInt32();

        public string Describe()
        {
            string peers;
            try { peers = Http.GetStringAsync("api/v1/peers").GetAwaiter().GetResult(); }
            catch (Exception e) { peers = e.Message; }
            return $"{Http.BaseAddress}: {peers}\n{Output[Math.Max(0, Output.Length - 3000)..]}";
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }
            }
            catch (Exception) { /* gone */ }
            _process.Dispose();
        }
    }
}

/// <summary>
/// A userspace TCP relay with latency and "loss": every chunk is delivered after a fixed delay, and with the given
/// probability held 200 ms longer (what a lost segment costs TCP); order is kept. Bounded: it stops when disposed.
/// </summary>
internal sealed class DelayRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly int _delayMs;
    private readonly double _loss;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public DelayRelay(IPEndPoint listen, IPEndPoint target, int delayMs, double loss)
    {
        _listener = new TcpListener(listen);
        _listener.Start();
        _target = target;
        _delayMs = delayMs;
        _loss = loss;
        _accept = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient down;
            try { down = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using var d = down;
                using var up = new TcpClient();
                try
                {
                    using var connect = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    connect.CancelAfter(TimeSpan.FromSeconds(5));
                    await up.ConnectAsync(_target, connect.Token);
                }
                catch (Exception) { return; }
                using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var a = PumpAsync(d.GetStream(), up.GetStream(), both.Token);
                var b = PumpAsync(up.GetStream(), d.GetStream(), both.Token);
                await Task.WhenAny(a, b);
                both.Cancel();
            });
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var queue = System.Threading.Channels.Channel.CreateUnbounded<(DateTime At, byte[] Data)>();
        var writer = Task.Run(async () =>
        {
            await foreach (var (at, data) in queue.Reader.ReadAllAsync(ct))
            {
                var wait = at - DateTime.UtcNow;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                await to.WriteAsync(data, ct);
            }
        }, ct);
        var last = DateTime.MinValue;
        try
        {
            while (true)
            {
                int n = await from.ReadAsync(buffer, ct);
                if (n == 0) break;
                var at = DateTime.UtcNow.AddMilliseconds(_delayMs + (Random.Shared.NextDouble() < _loss ? 200 : 0));
                if (at < last) at = last;
                last = at;
                queue.Writer.TryWrite((at, buffer[..n]));
            }
        }
        catch (Exception) { }
        queue.Writer.TryComplete();
        try { await writer; } catch (Exception) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accept; } catch (Exception) { }
    }
}

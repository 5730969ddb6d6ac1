using System.Net;
using System.Security.Cryptography;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Operations;
using Hashmint.Storage;

namespace Hashmint.Network.Tests.Support;

/// <summary>
/// Loopback addresses for tests: every node and raw peer gets its own 127.x.y.z, so bans (by IP) of one never touch
/// another, and port 0 lets the kernel pick a free port.
/// </summary>
internal static class Loopback
{
    private static int _next = Environment.ProcessId % 200 * 256;

    public static IPAddress Next()
    {
        int n = Interlocked.Increment(ref _next);
        return new IPAddress([127, (byte)(10 + (n >> 16) % 200), (byte)(n >> 8), (byte)(n % 250 + 1)]);
    }
}

/// <summary>Bounded waits: polls until the condition holds, or fails with what was awaited and the state it ended in.</summary>
internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what, Func<string>? state = null, int seconds = 60)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return;
            await Task.Delay(25);
        }
        if (condition()) return;
        Assert.Fail($"timed out after {seconds} s waiting for {what}{(state is null ? "" : ": " + state())}");
    }
}

/// <summary>The benchmarks' sizes, from environment variables (docs/PERFORMANCE.md names them).</summary>
internal static class BenchSettings
{
    public static int Int(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : fallback;
}

/// <summary>Keys from fixed seeds and transfers signed by them.</summary>
internal static class Keys
{
    public static byte[] Secret(int i) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"hashmint network test key {i}"));
    public static AccountId Id(int i) => new(Schnorr.GetXOnlyPublicKey(Secret(i)));

    public static Transaction Transfer(int from, int to, ulong units, ulong nonce) =>
        Transaction.CreateSignedPayingPerByte(ChainParams.Regtest.ChainId, Secret(from), nonce, 2, 0, [new TransferOperation(Id(to), new Amount(units))]);
}

/// <summary>Blocks mined on a ledger's tip by a plain nonce loop (regtest: about every second hash meets the target).</summary>
internal static class Miner
{
    public static Block Solve(LedgerFacade ledger, AccountId payTo, string message = "net test")
    {
        var template = ledger.CreateTemplate(TemplateRequest.Solo(payTo, message));
        var target = CompactTarget.ToTarget(template.Bits)!.Value;
        for (uint nonce = 0; ; nonce++)
            if (CompactTarget.MeetsTarget(template.HeaderFor(0, nonce).Hash, target)) return template.BuildBlock(0, nonce);
    }

    public static BlockHeader SolveHeader(BlockHeader header)
    {
        var target = CompactTarget.ToTarget(header.Bits)!.Value;
        for (uint nonce = 0; ; nonce++)
        {
            var h = header with { Nonce = nonce };
            if (CompactTarget.MeetsTarget(h.Hash, target)) return h;
        }
    }

    public static BlockHeader FailHeader(BlockHeader header)
    {
        var target = CompactTarget.ToTarget(header.Bits)!.Value;
        for (uint nonce = 0; ; nonce++)
        {
            var h = header with { Nonce = nonce };
            if (!CompactTarget.MeetsTarget(h.Hash, target)) return h;
        }
    }

    public static List<Block> Mine(LedgerFacade ledger, int count, AccountId payTo)
    {
        var blocks = new List<Block>();
        while (blocks.Count < count)
        {
            var block = Solve(ledger, payTo);
            var r = ledger.SubmitBlock(block);
            if (r.Rejection is not null) throw new RejectedException(r.Rejection);
            if (r.Outcome == BlockOutcome.Connected) blocks.Add(block);
        }
        return blocks;
    }
}

/// <summary>One node in the test process: a ledger on an in-memory store and the network service on its own loopback address.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    public LedgerFacade Ledger { get; }
    public NetworkService Net { get; }
    public IPAddress Address { get; }
    private readonly MemoryKeyValueStore _store;

    private TestNode(LedgerFacade ledger, NetworkService net, IPAddress address, MemoryKeyValueStore store)
    {
        Ledger = ledger;
        Net = net;
        Address = address;
        _store = store;
    }

    public IPEndPoint EndPoint => Net.ListenEndPoint!;
    public ChainPoint Tip => Ledger.Tip;

    public static async Task<TestNode> StartAsync(Func<NetworkOptions, NetworkOptions>? configure = null, IEnumerable<IPEndPoint>? peers = null,
        MemoryKeyValueStore? store = null, bool listen = true)
    {
        var address = Loopback.Next();
        store ??= new MemoryKeyValueStore();
        var ledger = new LedgerFacade(store, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
        var options = new NetworkOptions
        {
            Listen = listen ? new IPEndPoint(address, 0) : null,
            Peers = peers?.ToList() ?? [],
            Tick = TimeSpan.FromMilliseconds(50),
            UserAgent = "/hashmint-test/",
        };
        if (configure is not null) options = configure(options);
        var net = new NetworkService(ledger, options);
        await net.StartAsync();
        return new TestNode(ledger, net, address, store);
    }

    public List<Block> Mine(int count, int payTo = 1) => Miner.Mine(Ledger, count, Keys.Id(payTo));

    public int ReadyPeers => Net.Status().Peers.Count(p => p.HandshakeComplete);

    public string Describe() =>
        $"{Address}: tip {Tip.Height} {Tip.Hash}, best header {Ledger.BestHeader.Height}, peers [{string.Join(", ", Net.Status().Peers.Select(p => $"{p.Address} {p.Direction} h{p.Height} ready={p.HandshakeComplete}"))}], bans [{string.Join(", ", Net.Status().Banned.Select(b => $"{b.Address} {b.Reason}"))}]";

    public async ValueTask DisposeAsync()
    {
        await Net.DisposeAsync();
        _store.Dispose();
    }
}

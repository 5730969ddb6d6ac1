using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Server;
using Hashmint.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Hashmint.Pool.Tests.Support;

/// <summary>
/// A regtest ledger on an in-memory store and a Stratum server on a free loopback port, both on one manual clock
/// (it only moves when a test says so: timeouts, vardiff and bans are driven by the test, never by waiting).
/// </summary>
public sealed class PoolHarness : IAsyncDisposable
{
    private PoolHarness(LedgerFacade ledger, FakeTimeProvider clock, PoolOptions options, PoolComposition pool, IKeyValueStore store)
    {
        Ledger = ledger;
        Clock = clock;
        Options = options;
        Pool = pool;
        Store = store;
    }

    public PoolComposition Pool { get; }

    public LedgerFacade Ledger { get; }
    public FakeTimeProvider Clock { get; }
    public PoolOptions Options { get; }
    public StratumServer Server => Pool.Server;
    public IKeyValueStore Store { get; }
    public PoolStats Stats => Server.Stats;
    public JobManager Jobs => Server.Jobs;
    public int Port => Server.Port;
    public ChainParams Network => Ledger.Network;

    /// <summary>The key the harness's pool signs mine-mint transactions with (it must be funded to pay their fees).</summary>
    public static readonly (byte[] Secret, AccountId Account) MintKey = Key(99);

    public static PoolHarness Start(Action<PoolOptions>? configure = null, ChainParams? network = null, IKeyValueStore? store = null, FakeTimeProvider? clock = null)
    {
        network ??= ChainParams.Regtest;
        clock ??= new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(network.GenesisTime + 100));
        store ??= new MemoryKeyValueStore();
        var ledger = new LedgerFacade(store, network, new LedgerOptions { ParallelSignatureChecks = false }, clock);
        var options = new PoolOptions { Port = 0, Host = "127.0.0.1" };
        configure?.Invoke(options);
        var problems = PoolOptionsValidator.Problems(options);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        var pool = PoolComposition.Create(ledger, store, options, clock, MintKey.Secret);
        pool.Server.Start();
        return new PoolHarness(ledger, clock, options, pool, store);
    }

    public Task<StratumTestClient> ConnectAsync() => StratumTestClient.ConnectAsync(Port);

    /// <summary>Moves the manual clock and runs the housekeeping that the timer would run.</summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Server.HousekeepNow();
    }

    /// <summary>Polls a condition (bounded): for effects of the server's own loops, e.g. a connection it closed being gone.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + StratumTestClient.Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    public static (byte[] Secret, AccountId Account) Key(int n)
    {
        var secret = new byte[32];
        secret[31] = (byte)n;
        secret[0] = 0x42;
        return (secret, new AccountId(Schnorr.GetXOnlyPublicKey(secret)));
    }

    public string Address(int n) => Key(n).Account.ToAddress(Network.AddressPrefix);

    /// <summary>Stops the server only (the store and ledger stay): a pool restart starts a new harness on them.</summary>
    public Task StopServerAsync() => Server.StopAsync();

    public bool KeepStore { get; set; }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        if (!KeepStore) Store.Dispose();
    }
}

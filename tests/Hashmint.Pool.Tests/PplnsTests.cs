using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Payouts;
using Hashmint.Pool.Tests.Support;
using Hashmint.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Hashmint.Pool.Tests;

/// <summary>PPLNS paid in the coinbase, kept in the store, and the same across a pool restart.</summary>
public sealed class PplnsTests
{
    private static readonly double NetworkDifficulty = Stratum.StratumDifficulty.OfTarget(Stratum.StratumDifficulty.TargetOfBits(0x207fffff));

    private static void Options(PoolOptions o, double windowInShares)
    {
        o.MinDifficulty = 1e-13;
        o.InitialDifficulty = 1e-12;
        o.JobRefreshInterval = TimeSpan.FromHours(1);
        o.PplnsWindowFactor = windowInShares * 1e-12 / NetworkDifficulty; // N = windowInShares shares of difficulty 1e-12
    }

    [Fact]
    public void The_window_counts_the_newest_work_up_to_N_and_cuts_the_oldest_share()
    {
        var store = new MemoryKeyValueStore();
        var ledger = new LedgerFacade(store, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
        var o = new PoolOptions();
        Options(o, windowInShares: 5);
        var window = new PplnsWindow(ledger, o, new PoolStore(store));
        var (a, b, c) = (PoolHarness.Key(1).Account, PoolHarness.Key(2).Account, PoolHarness.Key(3).Account);
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        void Share(AccountId who, double units) => window.Add(new AcceptedShare(who, "w", units * 1e-12, at, JobKind.Block, null, false));
        Share(a, 3); // oldest: only 1 of its 3 units is inside N = 5
        Share(b, 2);
        Share(c, 2);
        window.Add(new AcceptedShare(c, "w", 50, at, JobKind.Mint, "art", false)); // mint shares do not count
        var work = window.Work().ToDictionary(x => x.Account, x => x.Work / 1e-12);
        Assert.Equal(1, work[a], 6);
        Assert.Equal(2, work[b], 6);
        Assert.Equal(2, work[c], 6);

        // Weights keep the proportions; the split pays every unit of the reward.
        var payees = window.PayeesFor(a);
        var request = new TemplateRequest(payees, a, "t");
        var paid = request.Split(Amount.Coins(25));
        Assert.Equal(Amount.Coins(25).Units, paid.Aggregate(0UL, (s, p) => s + p.Amount.Units));
        Assert.InRange(paid.Single(p => p.To == a).Amount.Units / (double)Amount.Coins(25).Units, 0.2 - 1e-9, 0.2 + 1e-9);
    }

    [Fact]
    public async Task Shares_added_while_a_write_is_in_progress_go_out_together_in_the_next_write_and_all_survive()
    {
        var inner = new MemoryKeyValueStore();
        var ledger = new LedgerFacade(new MemoryKeyValueStore(), ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
        var o = new PoolOptions();
        Options(o, windowInShares: 100);
        using var gated = new GatedStore(inner);
        var window = new PplnsWindow(ledger, o, new PoolStore(gated));
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        AcceptedShare Share(int who) => new(PoolHarness.Key(who).Account, "w", 1e-12, at, JobKind.Block, null, false);

        var first = Task.Run(() => window.Add(Share(1)));
        Assert.True(await gated.Entered.WaitAsync(TimeSpan.FromSeconds(20)), "the first write did not start"); // the first share's write is held
        var others = Enumerable.Range(2, 3).Select(i => Task.Run(() => window.Add(Share(i)))).ToList();
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); window.Unwritten < 3; await Task.Delay(5))
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the other shares were not queued");
        Assert.All(others, t => Assert.False(t.IsCompleted)); // not acknowledged: not written yet
        gated.Open();
        await Task.WhenAll(others.Append(first)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, gated.Writes); // the first share, then the three queued behind it in one batch
        Assert.Equal(0, window.Unwritten);
        var reopened = new PplnsWindow(ledger, o, new PoolStore(inner));
        Assert.Equal(4, reopened.Count);
        Assert.Equal(4, new PoolStore(inner).SharesNewestFirst().Select(s => s.Sequence).Distinct().Count());
    }

    /// <summary>A store whose first write waits until <see cref="Open"/>; counts writes.</summary>
    private sealed class GatedStore(IKeyValueStore inner) : IKeyValueStore
    {
        private readonly ManualResetEventSlim _open = new();
        private int _writes;
        public SemaphoreSlim Entered { get; } = new(0);
        public int Writes => Volatile.Read(ref _writes);
        public void Open() => _open.Set();
        public byte[]? Get(ColumnFamily family, ReadOnlySpan<byte> key) => inner.Get(family, key);
        public bool Contains(ColumnFamily family, ReadOnlySpan<byte> key) => inner.Contains(family, key);
        public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix) => inner.Iterate(family, prefix);
        public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix, ScanOptions options) => inner.Iterate(family, prefix, options);
        public IWriteBatch CreateBatch() => inner.CreateBatch();
        public void Write(IWriteBatch batch)
        {
            Entered.Release();
            if (!_open.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the gate was not opened");
            inner.Write(batch);
            Interlocked.Increment(ref _writes);
        }
        public void Dispose() => _open.Dispose();
    }

    [Fact]
    public void An_empty_window_pays_the_finder_and_more_accounts_than_the_consensus_limit_of_1000_keep_the_largest()
    {
        var store = new MemoryKeyValueStore();
        var ledger = new LedgerFacade(store, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
        var o = new PoolOptions();
        Options(o, windowInShares: 1_000_000); // holds every share below
        var window = new PplnsWindow(ledger, o, null);
        var finder = PoolHarness.Key(1).Account;
        Assert.Equal(finder, Assert.Single(window.PayeesFor(finder)).Account);
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var accounts = Enumerable.Range(0, 1006).Select(Account).ToList();
        for (int i = 0; i < accounts.Count; i++) window.Add(new AcceptedShare(accounts[i], "w", (i + 1) * 1e-12, at, JobKind.Block, null, false));
        var payees = window.PayeesFor(finder);
        Assert.Equal(1000, payees.Count);
        Assert.Equal(accounts[^1], payees[0].Account); // the most work first
        Assert.DoesNotContain(payees, p => accounts.Take(6).Contains(p.Account)); // the smallest six are left out
    }

    /// <summary>Distinct accounts without deriving keys (the chain accepts any 32 bytes but zero).</summary>
    internal static AccountId Account(int i)
    {
        var key = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(key, i + 1);
        key[31] = 0x5a;
        return new AccountId(key);
    }

    [Fact]
    public async Task A_pool_block_pays_1000_accounts_while_the_coinbase_a_miner_hashes_stays_under_200_bytes()
    {
        await using var pool = PoolHarness.Start(o => Options(o, windowInShares: 1_000_000));
        var at = pool.Clock.GetUtcNow();
        for (int i = 0; i < 1000; i++) pool.Pool.Pplns.Add(new AcceptedShare(Account(i), "w", 1e-12, at, JobKind.Block, null, false));
        await using var miner = await pool.ConnectAsync();
        var job = await miner.LoginAsync(pool.Address(1));
        int hashed = (job.Coinb1.Length + job.Coinb2.Length) / 2 + 8;
        Assert.True(hashed <= 200, $"coinb1 | extranonce | coinb2 is {hashed} bytes");
        Assert.True((await miner.SubmitAsync(pool.Address(1), job, miner.MineBlock(job)))["result"]!.GetValue<bool>());
        var block = pool.Ledger.GetBlock(pool.Ledger.Tip.Hash)!;
        Assert.True(block.Coinbase.CommitsPayouts);
        Assert.Equal(1000, block.Coinbase.Payouts.Count);
        Assert.Equal(Convert.FromHexString(job.Coinb1 + miner.Extranonce1 + "00000000" + job.Coinb2), block.Coinbase.Encoded);
    }

    /// <summary>Two miners' shares, then a block by the first; with a pool restart after <paramref name="restartAfter"/> shares or none.</summary>
    private static async Task<IReadOnlyList<Payout>> RunWindowAsync(int? restartAfter)
    {
        var store = new MemoryKeyValueStore();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ChainParams.Regtest.GenesisTime + 100));
        var plan = new[] { (1, "d=1e-12"), (1, "d=1e-12"), (2, "d=3e-12"), (1, "d=1e-12"), (2, "d=3e-12"), (2, "d=3e-12"), (1, "d=1e-12") };
        var pool = PoolHarness.Start(o => Options(o, windowInShares: 9), store: store, clock: clock);
        pool.KeepStore = true;
        var miners = new Dictionary<int, StratumTestClient>();
        async Task<StratumTestClient> Miner(int n, string password)
        {
            if (miners.TryGetValue(n, out var m)) return m;
            m = await pool.ConnectAsync();
            await m.LoginAsync(pool.Address(n), password);
            return miners[n] = m;
        }
        for (int i = 0; i < plan.Length; i++)
        {
            if (i == restartAfter)
            {
                foreach (var m in miners.Values) await m.DisposeAsync();
                miners.Clear();
                await pool.DisposeAsync();
                pool = PoolHarness.Start(o => Options(o, windowInShares: 9), store: store, clock: clock);
                pool.KeepStore = true;
            }
            var (who, password) = plan[i];
            var miner = await Miner(who, password);
            var share = miner.MineShareNotBlock(miner.Job!, extranonce2: i.ToString("x8"));
            Assert.True((await miner.SubmitAsync(pool.Address(who), miner.Job!, share))["result"]!.GetValue<bool>());
        }
        // A new job takes the window in; miner 1 finds the block.
        var finder = await Miner(1, "d=1e-12");
        string before = finder.Job!.JobId;
        pool.Server.RequestRefresh(clean: false);
        while (finder.Job!.JobId == before) await finder.NextNotificationAsync("mining.notify");
        var block = finder.MineBlock(finder.Job, extranonce2: "ffffffff");
        Assert.True((await finder.SubmitAsync(pool.Address(1), finder.Job, block))["result"]!.GetValue<bool>());
        var payouts = pool.Ledger.GetBlock(pool.Ledger.Tip.Hash)!.Coinbase.Payouts;
        var found = Assert.Single(pool.Stats.RecentBlocks());
        Assert.Equal(payouts, found.Payouts);
        foreach (var m in miners.Values) await m.DisposeAsync();
        pool.KeepStore = false;
        await pool.DisposeAsync();
        return payouts;
    }

    [Fact]
    public async Task The_coinbase_pays_the_window_and_a_pool_restart_in_the_middle_pays_exactly_the_same()
    {
        var uninterrupted = await RunWindowAsync(restartAfter: null);
        // Window N = 9 units. Newest first: m1 1 (1), m2 3 (4), m2 3 (7), m1 1 (8), then m2's 3 of which 1 fits (9);
        // the two oldest shares are outside. Miner 1: 2 units, miner 2: 7.
        Assert.Equal(2, uninterrupted.Count);
        var subsidy = ChainParams.Regtest.SubsidyAt(1).Units;
        var byAccount = uninterrupted.ToDictionary(p => p.To, p => p.Amount.Units);
        Assert.InRange(byAccount[PoolHarness.Key(1).Account] / (double)subsidy, 2 / 9.0 - 1e-9, 2 / 9.0 + 1e-9);
        Assert.InRange(byAccount[PoolHarness.Key(2).Account] / (double)subsidy, 7 / 9.0 - 1e-9, 7 / 9.0 + 1e-9);
        Assert.Equal(subsidy, byAccount.Values.Aggregate(0UL, (s, v) => s + v));

        Assert.Equal(uninterrupted, await RunWindowAsync(restartAfter: 3));
        Assert.Equal(uninterrupted, await RunWindowAsync(restartAfter: 6));
    }

    [Fact]
    public async Task Found_blocks_and_what_they_paid_survive_a_restart()
    {
        var store = new MemoryKeyValueStore();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ChainParams.Regtest.GenesisTime + 100));
        await using (var pool = PoolHarness.Start(store: store, clock: clock))
        {
            pool.KeepStore = true;
            await using var miner = await pool.ConnectAsync();
            var job = await miner.LoginAsync(pool.Address(4) + ".x");
            Assert.True((await miner.SubmitAsync(pool.Address(4) + ".x", job, miner.MineBlock(job)))["result"]!.GetValue<bool>());
        }
        await using var again = PoolHarness.Start(store: store, clock: clock);
        Assert.Equal(1, again.Stats.BlocksFound);
        var block = Assert.Single(again.Stats.RecentBlocks());
        Assert.Equal(1u, block.Height);
        Assert.Equal(PoolHarness.Key(4).Account, block.Finder);
        Assert.Equal("x", block.Worker);
        Assert.Equal((long)ChainParams.Regtest.SubsidyAt(1).Units, again.Stats.Miners[PoolHarness.Key(4).Account].PaidUnits);
    }
}

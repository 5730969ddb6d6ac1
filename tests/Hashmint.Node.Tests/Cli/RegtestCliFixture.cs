using System.Net.Http.Json;
using System.Text.Json;

namespace Hashmint.Node.Tests.Cli;

/// <summary>
/// One regtest node for a test class: wallet A in the node's data directory (the node pays it), wallet B in a directory
/// of its own with coins from A, and a creator collection 'cli-art' launched by A. Blocks come from `generate`, at once.
/// </summary>
public sealed class RegtestCliFixture : IAsyncLifetime
{
    public const string Passphrase = "cli tests only";
    public const string Collection = "cli-art";

    public TempDir Tmp { get; } = new();
    public string A => Tmp.Sub("a");
    public string B => Tmp.Sub("b");
    public string AddressA { get; private set; } = "";
    public string AddressB { get; private set; } = "";
    public RunningNode Node { get; private set; } = null!;
    public string Url => $"http://127.0.0.1:{Node.Port}";

    private static readonly Dictionary<string, string> Env = new() { ["HASHMINT_PASSPHRASE"] = Passphrase };

    public Task<CliRun> Run(params string[] args) => HashmintProcess.RunSplitAsync(args, Env);

    public Task<CliRun> Run(IDictionary<string, string> env, params string[] args) =>
        HashmintProcess.RunSplitAsync(args, new Dictionary<string, string>(Env.Concat(env)));

    public async Task InitializeAsync()
    {
        AddressA = await CreateWallet(A);
        AddressB = await CreateWallet(B);
        Node = await RunningNode.StartAsync(A);
        await Node.GenerateAsync(3);
        await Submitted("wallet", "send", "--datadir", A, "--to", AddressB, "--amount", "20");
        await Submitted("collection", "create", "--datadir", A, "--id", Collection, "--name", "CLI Art", "--symbol", "CLI");
        await Node.GenerateAsync(1);
        Assert.True((await Node.Http.GetAsync($"api/v1/collections/{Collection}")).IsSuccessStatusCode);
    }

    private async Task<string> CreateWallet(string dir)
    {
        var created = await Run("wallet", "create", "--network", "regtest", "--datadir", dir, "--words", "12");
        CliAssert.Succeeded(created);
        var shown = await Run("wallet", "show", "--datadir", dir);
        CliAssert.Succeeded(shown);
        return shown.StdOut.Trim();
    }

    /// <summary>Runs a command that submits a transaction; returns its txid.</summary>
    public async Task<string> Submitted(params string[] args)
    {
        var run = await Run(args);
        CliAssert.Succeeded(run);
        string txid = run.StdOut.Trim();
        Assert.True(txid.Length == 64, run.ToString());
        return txid;
    }

    public async Task<JsonElement> GetAsync(string path) => await Node.Http.GetFromJsonAsync<JsonElement>(path);

    public async Task<ulong> MintedAsync(string collection) => (await GetAsync($"api/v1/collections/{collection}")).GetProperty("minted").GetUInt64();

    /// <summary>Mints <paramref name="count"/> tokens of cli-art to A through the CLI, mines them, and returns their ids.</summary>
    public async Task<ulong[]> MintAsync(int count, params string[] extra)
    {
        ulong before = await MintedAsync(Collection);
        for (int i = 0; i < count; i++) await Submitted(["nft", "mint", "--datadir", A, "--collection", Collection, .. extra]);
        await Node.GenerateAsync(1);
        ulong after = await MintedAsync(Collection);
        Assert.Equal(before + (ulong)count, after);
        return [.. Enumerable.Range(1, count).Select(i => before + (ulong)i)];
    }

    public async Task<JsonElement> TokenAsync(ulong id) => await GetAsync($"api/v1/collections/{Collection}/tokens/{id}");

    public async Task DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        Tmp.Dispose();
    }
}

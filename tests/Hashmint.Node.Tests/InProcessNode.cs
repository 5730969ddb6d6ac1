using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Mining;
using Hashmint.Node.Hosting;
using Hashmint.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hashmint.Node.Tests;

/// <summary>
/// The node's real host (every service, middleware and endpoint of `hashmint node`) on an in-memory store, served by
/// ASP.NET Core's in-process test server — what WebApplicationFactory wraps. (WebApplicationFactory itself needs the
/// entry point to build the host; ours is a CLI, so the host is built directly.)
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    public const string Token = "test-admin-token";
    private readonly TempDir _dir;

    private InProcessNode(WebApplication app, TempDir dir)
    {
        App = app;
        _dir = dir;
        Http = app.GetTestClient();
        Http.BaseAddress = new Uri("http://127.0.0.1/");
    }

    public WebApplication App { get; }
    public HttpClient Http { get; }
    public LedgerFacade Ledger => App.Services.GetRequiredService<LedgerFacade>();
    public ChainParams Network => Ledger.Network;

    public static async Task<InProcessNode> StartAsync(ChainParams network, AccountId payTo, Action<NodeOptions>? configure = null)
    {
        var dir = new TempDir();
        var options = new NodeOptions { Network = network.Name, DataDirectory = dir.Path, ApiPort = HashmintProcess.FreePort() };
        configure?.Invoke(options);
        var app = NodeHost.Build(new NodeStartup(options, new MemoryKeyValueStore(), new MinerIdentity(payTo), Token), b => b.WebHost.UseTestServer());
        await app.StartAsync();
        return new InProcessNode(app, dir);
    }

    /// <summary>An HTTP client that sends the admin token.</summary>
    public HttpClient AdminHttp()
    {
        var client = App.GetTestClient();
        client.BaseAddress = new Uri("http://127.0.0.1/");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Mines <paramref name="count"/> blocks on the tip now, paying <paramref name="payTo"/>, through the ledger.</summary>
    public Task<List<Block>> MineAsync(int count, AccountId payTo) => MineAsync(Ledger, count, payTo);

    /// <summary>Mines <paramref name="count"/> blocks on any ledger's tip.</summary>
    public static async Task<List<Block>> MineAsync(LedgerFacade ledger, int count, AccountId payTo)
    {
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create("auto"), 1);
        var blocks = new List<Block>();
        while (blocks.Count < count)
        {
            var template = ledger.CreateTemplate(TemplateRequest.Solo(payTo, "test"));
            var block = await BlockMiner.SolveAsync(template, searcher, CancellationToken.None) ?? throw new InvalidOperationException("no proof found");
            var result = ledger.SubmitBlock(block);
            if (result.Rejection is not null) throw new RejectedException(result.Rejection);
            if (result.Outcome == BlockOutcome.Connected) blocks.Add(block);
        }
        return blocks;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        var store = App.Services.GetRequiredService<IKeyValueStore>();
        await App.StopAsync();
        await App.DisposeAsync();
        store.Dispose();
        _dir.Dispose();
    }
}

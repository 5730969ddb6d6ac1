using System.Text.Json;
using System.Text.Json.Serialization;
using Hashmint.Ledger;
using Hashmint.Node.Api;
using Hashmint.Pool;
using Hashmint.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Hashmint.Node.Hosting;

/// <summary>What the host is built from: the options, the opened store, the miner's account, the API token, and (devnet) the wallet key.</summary>
public sealed record NodeStartup(NodeOptions Options, IKeyValueStore Store, MinerIdentity Miner, string ApiToken, DevnetKey? DevnetKey = null, bool Verbose = false);

/// <summary>
/// Composition in one place: the .NET Generic Host (WebApplication) with the node's services injected by type, the
/// hosted services (miner, devnet demo, status line), the host's own lifetime for Ctrl-C and SIGTERM, and the API.
/// One small registration method per subsystem.
/// </summary>
public static class NodeHost
{
    public static WebApplication Build(NodeStartup startup, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        AddOptions(builder, startup.Options);
        AddLogging(builder, startup.Verbose);
        AddLedger(builder.Services, startup);
        AddMining(builder.Services, startup);
        if (startup.DevnetKey is not null) AddDevnet(builder.Services, startup.DevnetKey);
        if (startup.Options.PoolPort != 0) AddPool(builder, startup);
        AddApi(builder, startup);
        AddNetwork(builder.Services);
        Web.WebSetup.AddWeb(builder.Services);
        configure?.Invoke(builder);

        var app = builder.Build();
        // Subscribers that must see events from the first block on, not only from the first request that needs them.
        app.Services.GetRequiredService<NodeEvents>();
        app.Services.GetRequiredService<NodeMetrics>();
        app.Services.GetService<PoolObservers>();
        app.Services.GetRequiredService<Explorer.ExplorerIndex>();
        UseApi(app);
        return app;
    }

    private static void AddOptions(WebApplicationBuilder builder, NodeOptions given)
    {
        builder.Services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();
        builder.Services.AddOptions<NodeOptions>()
            .Configure(o =>
            {
                o.Network = given.Network; o.DataDirectory = given.DataDirectory; o.ApiPort = given.ApiPort; o.ApiHost = given.ApiHost;
                o.AllowedHosts = given.AllowedHosts; o.Mine = given.Mine; o.MineThreads = given.MineThreads; o.PayoutAddress = given.PayoutAddress;
                o.MiningEngine = given.MiningEngine; o.RocksDbCacheBytes = given.RocksDbCacheBytes; o.ImageCacheBytes = given.ImageCacheBytes;
                o.StatusLine = given.StatusLine; o.PoolPort = given.PoolPort; o.Listen = given.Listen; o.Peers = given.Peers;
                o.MaxOutboundPeers = given.MaxOutboundPeers; o.MaxInboundPeers = given.MaxInboundPeers;
                o.SnapshotSync = given.SnapshotSync; o.SnapshotDepth = given.SnapshotDepth;
            })
            .Bind(builder.Configuration.GetSection(NodeOptions.Section)) // HASHMINT_Node__... environment variables override
            .ValidateOnStart();
        builder.Configuration.AddEnvironmentVariables("HASHMINT_");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
    }

    private static void AddLogging(WebApplicationBuilder builder, bool verbose)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = ConsoleLogFormat.FormatName)
            .AddConsoleFormatter<ConsoleLogFormat, ConsoleLogFormatOptions>(o => o.Verbose = verbose);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // The framework's own chatter (request logs, lifetime banners, its view of a failed start) stays out of the node's output.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", verbose ? LogLevel.Error : LogLevel.Critical);
    }

    private static void AddLedger(IServiceCollection services, NodeStartup startup)
    {
        services.AddSingleton(startup.Store);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new LedgerFacade(sp.GetRequiredService<IKeyValueStore>(), sp.GetRequiredService<IOptions<NodeOptions>>().Value.Chain,
            new LedgerOptions(), sp.GetRequiredService<TimeProvider>(), logger: sp.GetRequiredService<ILogger<LedgerFacade>>()));
        services.AddSingleton<TipSignal>();
        services.AddSingleton<NodeEvents>();
        services.AddSingleton<ImageCache>();
        services.AddHostedService<IdleMemoryTrimmer>();
        services.AddSingleton<NodeMetrics>();
    }

    private static void AddMining(IServiceCollection services, NodeStartup startup)
    {
        services.AddSingleton(startup.Miner);
        services.AddSingleton<BlockMiner>();
        services.AddHostedService<MinerService>();
        services.AddHostedService<StatusLineService>();
    }

    private static void AddDevnet(IServiceCollection services, DevnetKey key)
    {
        services.AddSingleton(key);
        services.AddSingleton<LocalSigner>();
        services.AddSingleton<NftMiningLoop>();
        services.AddHostedService<DevnetDemoService>();
    }

    /// <summary>
    /// The Stratum pool (src/Hashmint.Pool): its options from the "Pool" section, the server as a hosted service. Mine-mint
    /// transactions of NFTs found through it are signed by the devnet's key, else by the data directory's pool-key.
    /// </summary>
    private static void AddPool(WebApplicationBuilder builder, NodeStartup startup)
    {
        builder.Services.AddHashmintPool(builder.Configuration, o => o.Port = startup.Options.PoolPort,
            _ => startup.DevnetKey?.SecretKey ?? PoolKey.LoadOrCreate(startup.Options.DataDirectory));
        builder.Services.AddSingleton<PoolObservers>();
    }

    /// <summary>The peer-to-peer service (docs/NETWORK.md), started and stopped with the host; its events join the event stream.</summary>
    private static void AddNetwork(IServiceCollection services)
    {
        services.AddSingleton(NodeNetwork.Create);
        services.AddHostedService<NodeNetwork>();
    }

    private static void AddApi(WebApplicationBuilder builder, NodeStartup startup)
    {
        var options = startup.Options;
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 8 * 1024 * 1024; // a block is at most 2 MiB, 4 MiB as hex
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            k.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(10));
            k.Limits.MaxConcurrentConnections = 4096;
            k.AddServerHeader = false;
        });
        builder.WebHost.UseUrls(options.ApiUrl());
        var services = builder.Services;
        // Every problem has a code and a detail: the framework's own (unknown route, wrong method, crash) get them by status.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiErrors.Complete);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // parse errors reach the handler above
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        services.AddAuthentication(ApiTokenHandler.SchemeName)
            .AddScheme<ApiTokenOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, o => o.Token = startup.ApiToken);
        services.AddAuthorization(o => o.DefaultPolicy = new AuthorizationPolicyBuilder(ApiTokenHandler.SchemeName).RequireAuthenticatedUser().Build());
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApiDocumentInfo>();
            o.AddOperationTransformer<OpenApiDocumentInfo>();
        });
    }

    private static void UseApi(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseHostFilter();
        var metrics = app.Services.GetRequiredService<NodeMetrics>();
        app.UseHttpMetrics(o => o.SetMetricFactory(metrics.Factory));
        app.UseAuthentication();
        app.UseAuthorization();
        var api = app.MapGroup("/api/v1");
        ChainEndpoints.Map(api);
        TransactionEndpoints.Map(api);
        AccountEndpoints.Map(api);
        NftEndpoints.Map(api);
        MarketEndpoints.Map(api);
        ExhibitionEndpoints.Map(api);
        EventEndpoints.Map(api);
        AdminEndpoints.Map(api);
        if (app.Services.GetService<PoolComposition>() is not null) PoolEndpoints.Map(api);
        PeerEndpoints.Map(api);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapMetrics("/metrics", metrics.Registry);
        Web.WebSetup.MapWeb(app);
    }
}

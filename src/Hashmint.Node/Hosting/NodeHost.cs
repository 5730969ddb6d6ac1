using System.Text.Json.Serialization;
using Hashmint.Node.Api;
using Prometheus;

namespace Hashmint.Node.Hosting;

/// <summary>Composition in one place: the ASP.NET Core host around a <see cref="NodeService"/>.</summary>
public static class NodeHost
{
    public static WebApplication Build(NodeService node, string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{node.Options.ApiHost}:{node.Options.EffectiveApiPort}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 16 * 1024 * 1024);
        builder.Services.AddSingleton(node);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var auth = new TokenAuthFilter(token);
        var api = app.MapGroup("/api/v1");
        ChainEndpoints.Map(api, auth);
        TransactionEndpoints.Map(api);
        AccountEndpoints.Map(api);
        NftEndpoints.Map(api);
        EventEndpoints.Map(api);
        AdminEndpoints.Map(api, auth);
        app.MapOpenApi("/openapi/{documentName}.json");
        NodeMetrics.Register(node);
        app.MapMetrics("/metrics");
        GalleryPage.Map(app);
        return app;
    }
}

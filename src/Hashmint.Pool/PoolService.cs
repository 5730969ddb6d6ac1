using Hashmint.Ledger;
using Hashmint.Pool.Server;
using Hashmint.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hashmint.Pool;

/// <summary>Runs the Stratum server for the host's lifetime.</summary>
public sealed class PoolService(StratumServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        server.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync();
}

public static class PoolRegistration
{
    /// <summary>
    /// The pool's services: options from the "Pool" section (validated at start-up; <paramref name="configure"/> sets
    /// what the command line gave), jobs, statistics, the Stratum server and its hosted service. Needs a
    /// <see cref="LedgerFacade"/> and a <see cref="TimeProvider"/> registered.
    /// </summary>
    /// <param name="mintKey">The secret key that signs and pays for the pool's mine-mint transactions (null: no NFT jobs).</param>
    public static IServiceCollection AddHashmintPool(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration,
        Action<PoolOptions> configure, Func<IServiceProvider, byte[]?> mintKey)
    {
        services.AddSingleton<IValidateOptions<PoolOptions>, PoolOptionsValidator>();
        services.AddOptions<PoolOptions>().Bind(configuration.GetSection(PoolOptions.Section)).Configure(configure).ValidateOnStart();
        services.AddSingleton(sp => PoolComposition.Create(sp.GetRequiredService<LedgerFacade>(), sp.GetRequiredService<IKeyValueStore>(),
            sp.GetRequiredService<IOptions<PoolOptions>>().Value, sp.GetRequiredService<TimeProvider>(), mintKey(sp), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<PoolComposition>().Server);
        services.AddSingleton(sp => sp.GetRequiredService<PoolComposition>().Stats);
        services.AddSingleton(sp => new PoolService(sp.GetRequiredService<StratumServer>()));
        services.AddHostedService(sp => sp.GetRequiredService<PoolService>());
        return services;
    }
}

using Hashmint.Ledger;
using Hashmint.Network;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Hosting;

/// <summary>
/// The peer-to-peer service inside the host: built from the node's options (listen address, peers, limits; the peer
/// database is the data directory's <c>peers.json</c>), started and stopped with the host, its peer events published
/// on the node's event stream (<c>peer-connected</c>, <c>peer-disconnected</c>, <c>peer-banned</c>).
/// </summary>
public sealed class NodeNetwork : IHostedService
{
    public const string PeerFileName = "peers.json";
    private readonly NetworkService _network;

    public NodeNetwork(NetworkService network, NodeEvents events, LedgerFacade ledger)
    {
        _network = network;
        network.PeerEvent += e => events.Publish(new NodeEvent($"peer-{e.Kind}", e.Address, ledger.Tip.Height, e.Detail));
    }

    public static NetworkService Create(IServiceProvider services)
    {
        var o = services.GetRequiredService<IOptions<NodeOptions>>().Value;
        var ledger = services.GetRequiredService<LedgerFacade>();
        var peers = new List<System.Net.IPEndPoint>();
        foreach (var text in o.Peers)
            if (EndPoints.TryParse(text, portAlone: false, out var e, out _)) peers.Add(e); // validated at start-up
        System.Net.IPEndPoint? listen = null;
        if (o.Listen is not null && EndPoints.TryParse(o.Listen, portAlone: true, out var l, out _)) listen = l;
        var options = new NetworkOptions
        {
            Listen = listen,
            Peers = peers,
            PeerFile = Path.Combine(o.DataDirectory, PeerFileName),
            MaxOutbound = o.MaxOutboundPeers,
            MaxInbound = o.MaxInboundPeers,
            SnapshotSync = o.SnapshotSync,
            SnapshotDepth = o.EffectiveSnapshotDepth,
            UserAgent = $"/hashmint:{typeof(NodeNetwork).Assembly.GetName().Version?.ToString(3) ?? "0"}/",
        };
        return new NetworkService(ledger, options, services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<TimeProvider>());
    }

    public Task StartAsync(CancellationToken cancellationToken) => _network.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _network.StopAsync(cancellationToken);
}

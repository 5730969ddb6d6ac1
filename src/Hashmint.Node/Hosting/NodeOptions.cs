using Hashmint.Core.Consensus;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Hosting;

/// <summary>
/// How a node runs: bound from the "Node" configuration section (the CLI writes its options there; environment
/// variables HASHMINT_Node__ApiPort etc. override) and validated once at start-up.
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>main, test, dev or regtest.</summary>
    public string Network { get; set; } = ChainParams.Dev.Name;
    public string DataDirectory { get; set; } = "";
    /// <summary>0 picks the network's default port.</summary>
    public int ApiPort { get; set; }
    public string ApiHost { get; set; } = "127.0.0.1";
    /// <summary>Host names (besides loopback names and ApiHost) the API answers to; any other Host header is refused (DNS rebinding).</summary>
    public string[] AllowedHosts { get; set; } = [];
    public bool Mine { get; set; }
    public int MineThreads { get; set; } = 1;
    /// <summary>Address the miner pays; empty means the data directory's wallet.</summary>
    public string? PayoutAddress { get; set; }
    public string MiningEngine { get; set; } = "auto";
    public long RocksDbCacheBytes { get; set; } = 256L * 1024 * 1024;
    /// <summary>Rendered token images kept in memory, in bytes of PNG.</summary>
    public long ImageCacheBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>TCP port of the built-in Stratum pool; 0 runs no pool (other pool settings: the "Pool" section, docs/POOL.md).</summary>
    public int PoolPort { get; set; }
    /// <summary>Print a status line every second (interactive) or ten (redirected).</summary>
    public bool StatusLine { get; set; }
    /// <summary>Where to accept peer-to-peer connections: PORT (every interface) or HOST:PORT; null: no inbound connections.</summary>
    public string? Listen { get; set; }
    /// <summary>Peers to keep connected, HOST:PORT each.</summary>
    public string[] Peers { get; set; } = [];
    public int MaxOutboundPeers { get; set; } = 8;
    public int MaxInboundPeers { get; set; } = 117;
    /// <summary>A fresh node downloads the proven state at a recent block and runs from it instead of replaying every block (docs/NETWORK.md, "Snapshot sync").</summary>
    public bool SnapshotSync { get; set; }
    /// <summary>Snapshot sync: the snapshot height taken is at least this far below the best header; null: the network's default (100 on main and test, 6 on dev, 2 on regtest).</summary>
    public int? SnapshotDepth { get; set; }

    /// <summary>The snapshot depth in effect: the one given, else the network's default.</summary>
    public int EffectiveSnapshotDepth => SnapshotDepth ?? DefaultSnapshotDepth(Chain);

    public static int DefaultSnapshotDepth(ChainParams p) => p.Name switch
    {
        "regtest" => 2,
        "dev" => 6,
        _ => 100,
    };

    public ChainParams Chain => ChainParams.ByName(Network);
    public int EffectiveApiPort => ApiPort == 0 ? Chain.DefaultApiPort : ApiPort;
    public string ApiUrl() => $"http://{(ApiHost.Contains(':') ? $"[{ApiHost}]" : ApiHost)}:{EffectiveApiPort}";
}

/// <summary>Every setting that cannot work, reported at start-up in one message (one line per problem).</summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions o)
    {
        var problems = new List<string>();
        if (!ChainParams.TryByName(o.Network, out _)) problems.Add($"network '{o.Network}' is not one of main, test, dev, regtest");
        if (o.ApiPort is < 0 or > 65535) problems.Add($"API port {o.ApiPort} is out of range 0..65535");
        if (o.PoolPort is < 0 or > 65535) problems.Add($"pool port {o.PoolPort} is out of range 0..65535");
        if (o.MineThreads is < 1 or > 1024) problems.Add($"mining threads must be 1..1024, got {o.MineThreads}");
        if (string.IsNullOrWhiteSpace(o.DataDirectory)) problems.Add("a data directory is required");
        if (string.IsNullOrWhiteSpace(o.ApiHost)) problems.Add("an API host is required");
        if (o.RocksDbCacheBytes < 1024 * 1024) problems.Add("the database cache must be at least 1 MiB");
        if (o.ImageCacheBytes < 0) problems.Add("the image cache size cannot be negative");
        if (o.Listen is not null && !Hashmint.Network.EndPoints.TryParse(o.Listen, portAlone: true, out _, out var listenError)) problems.Add($"--listen: {listenError}");
        foreach (var peer in o.Peers)
            if (!Hashmint.Network.EndPoints.TryParse(peer, portAlone: false, out _, out var peerError)) problems.Add($"--peer: {peerError}");
        if (o.MaxOutboundPeers is < 0 or > 1000) problems.Add($"outbound peers must be 0..1000, got {o.MaxOutboundPeers}");
        if (o.SnapshotDepth is < 0 or > 100_000) problems.Add($"--snapshot-depth must be 0..100000, got {o.SnapshotDepth}");
        else if (o.SnapshotDepth is { } depth && ChainParams.TryByName(o.Network, out var chain)
                 && depth >= 2 * Hashmint.Network.SnapshotHeights.DefaultInterval(chain))
            // Deeper than that the chosen heights are ones peers no longer keep (docs/NETWORK.md, "Snapshot heights").
            problems.Add($"--snapshot-depth must be below {2 * Hashmint.Network.SnapshotHeights.DefaultInterval(chain)} on {chain.Name} (twice its snapshot interval), got {depth}");
        if (o.MaxInboundPeers is < 0 or > 10000) problems.Add($"inbound peers must be 0..10000, got {o.MaxInboundPeers}");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

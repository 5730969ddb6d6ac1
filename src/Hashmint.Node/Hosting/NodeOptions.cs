using Hashmint.Core.Consensus;

namespace Hashmint.Node.Hosting;

/// <summary>How a node runs; validated once at start-up.</summary>
public sealed record NodeOptions
{
    public required ChainParams Network { get; init; }
    public required string DataDirectory { get; init; }
    /// <summary>0 picks the network's default port.</summary>
    public int ApiPort { get; init; }
    public string ApiHost { get; init; } = "127.0.0.1";
    public bool Mine { get; init; }
    public int MineThreads { get; init; } = 1;
    /// <summary>Address the miner pays; null means the data directory's wallet.</summary>
    public string? PayoutAddress { get; init; }
    public string MiningEngine { get; init; } = "auto";
    public long RocksDbCacheBytes { get; init; } = 256L * 1024 * 1024;

    public int EffectiveApiPort => ApiPort == 0 ? Network.DefaultApiPort : ApiPort;
    public string ApiUrl() => $"http://{ApiHost}:{EffectiveApiPort}";
    /// <summary>Devnet only: the wallet key the node uses to launch and mine the demo NFT collection.</summary>
    public byte[]? DemoKey { get; init; }

    public void Validate()
    {
        if (ApiPort is < 0 or > 65535) throw new ArgumentException($"API port {ApiPort} is out of range");
        if (MineThreads < 1 || MineThreads > 1024) throw new ArgumentException($"mining threads must be 1..1024, got {MineThreads}");
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException("a data directory is required");
    }
}

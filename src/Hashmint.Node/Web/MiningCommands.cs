using Hashmint.Pool.Server;

namespace Hashmint.Node.Web;

/// <summary>
/// What a miner types to mine through this node's pool (docs/POOL.md, "Login convention"): the Stratum URL, the
/// username <c>ADDRESS.WORKER</c> (the address is paid and receives the NFTs; the worker only labels statistics) and the
/// password — <c>x</c> for blocks, <c>nft=COLLECTION</c> for a proof-of-work collection's mint jobs. The mining page
/// shows these; a test parses them with the pool's own <see cref="Hashmint.Pool.Stratum.MinerLogin"/>.
/// </summary>
public sealed record MiningCommands(string Host, int Port, string Username, string Password)
{
    /// <summary>The worker name the page suggests.</summary>
    public const string Worker = "rig1";
    /// <summary>Stands for the miner's address until one is entered on the page.</summary>
    public const string AddressPlaceholder = "YOUR_ADDRESS";

    public string Url => $"stratum+tcp://{Host}:{Port}";

    /// <summary>pooler's cpuminer (minerd), as `hashmint node` prints it.</summary>
    public string Cpuminer => $"minerd -a sha256d -o {Url} -u {Username} -p {Password}";

    public string Cgminer => $"cgminer -o {Url} -u {Username} -p {Password}";

    public static string UsernameOf(string address, string worker = Worker) => $"{address}.{worker}";

    /// <summary>The password that selects the work: block mining (null) or a collection's mint jobs.</summary>
    public static string PasswordOf(string? collection) => collection is null ? "x" : $"nft={collection}";

    public static MiningCommands For(string host, int port, string? address, string? collection) =>
        new(host, port, UsernameOf(address ?? AddressPlaceholder), PasswordOf(collection));

    /// <summary>
    /// The host a miner reaches the pool at: the pool's listen address, or — when it listens on every interface — the
    /// host name the browser used to reach this node (the same machine).
    /// </summary>
    public static string PoolHost(StratumServer server, string? requestHost)
    {
        string host = server.Options.Host;
        if (host is not ("0.0.0.0" or "::")) return host.Contains(':') ? $"[{host}]" : host;
        return string.IsNullOrEmpty(requestHost) ? "127.0.0.1" : requestHost;
    }

    /// <summary>True when only this machine can connect (a BitAxe or another computer on the LAN cannot).</summary>
    public static bool LoopbackOnly(StratumServer server) =>
        System.Net.IPAddress.TryParse(server.Options.Host, out var ip) && System.Net.IPAddress.IsLoopback(ip);
}

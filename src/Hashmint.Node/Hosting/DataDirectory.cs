using System.Security.Cryptography;
using System.Text.Json;

namespace Hashmint.Node.Hosting;

/// <summary>
/// The files a node keeps in its data directory: db/ (RocksDB), api-token (bearer token for wallet and admin
/// calls, mode 0600), node.json (network and API URL, so CLI commands can find a running node), wallet.json.
/// </summary>
public sealed class DataDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string DatabasePath => System.IO.Path.Combine(Path, "db");
    public string TokenPath => System.IO.Path.Combine(Path, "api-token");
    public string NodeInfoPath => System.IO.Path.Combine(Path, "node.json");
    public string WalletPath => System.IO.Path.Combine(Path, "wallet.json");
    /// <summary>The wallet's first address in clear, so a node can pay its miner without the passphrase.</summary>
    public string WalletAddressPath => System.IO.Path.Combine(Path, "wallet.address");
    public string NetworkPath => System.IO.Path.Combine(Path, "network");

    /// <summary>The network this directory belongs to; written once, checked on every start.</summary>
    public string? ReadNetwork() => File.Exists(NetworkPath) ? File.ReadAllText(NetworkPath).Trim() : null;

    public void BindNetwork(string network)
    {
        var existing = ReadNetwork();
        if (existing is null) WritePrivate(NetworkPath, network);
        else if (existing != network)
            throw new InvalidOperationException($"data directory {Path} belongs to network '{existing}', not '{network}'");
    }

    public string? ReadWalletAddress() => File.Exists(WalletAddressPath) ? File.ReadAllText(WalletAddressPath).Trim() : null;
    public void WriteWalletAddress(string address) => WritePrivate(WalletAddressPath, address);

    public void Create()
    {
        Directory.CreateDirectory(Path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Reads the token, creating a random one on first start.</summary>
    public string EnsureToken()
    {
        if (File.Exists(TokenPath)) return File.ReadAllText(TokenPath).Trim();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        WritePrivate(TokenPath, token);
        return token;
    }

    public string? ReadToken() => File.Exists(TokenPath) ? File.ReadAllText(TokenPath).Trim() : null;

    public void WriteNodeInfo(NodeInfo info) => WritePrivate(NodeInfoPath, JsonSerializer.Serialize(info, NodeInfoJson.Default.NodeInfo));

    public NodeInfo? ReadNodeInfo()
    {
        if (!File.Exists(NodeInfoPath)) return null;
        try { return JsonSerializer.Deserialize(File.ReadAllText(NodeInfoPath), NodeInfoJson.Default.NodeInfo); }
        catch (JsonException) { return null; }
    }

    public void DeleteNodeInfo()
    {
        try { File.Delete(NodeInfoPath); } catch (IOException) { /* best effort at shutdown */ }
    }

    /// <summary>Write-then-rename so a reader never sees half a file; owner-only permissions.</summary>
    private static void WritePrivate(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, path, overwrite: true);
    }
}

public sealed record NodeInfo(string Network, string ApiUrl, int ProcessId);

[System.Text.Json.Serialization.JsonSerializable(typeof(NodeInfo))]
internal sealed partial class NodeInfoJson : System.Text.Json.Serialization.JsonSerializerContext;

using System.CommandLine;
using System.CommandLine.Parsing;
using Hashmint.Core.Consensus;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Cli;

/// <summary>
/// The options of a command that talks to a running node, and how they resolve:
/// without --node, the node running in the data directory (its node.json and api-token), as always;
/// with --node URL, that node, on the network it reports, with the wallet (if the command needs one) from --datadir.
/// Admin commands also get --api-token-file; with --node their token comes from it, else from HASHMINT_API_TOKEN.
/// </summary>
public sealed class NodeTarget
{
    private readonly string _command;
    private readonly Func<CommandResult, bool> _readsDataDir;

    public Option<string?> DataDir { get; } = CliOptions.DataDir();
    public Option<string?> Network { get; } = CliOptions.Network();
    public Option<string?> Node { get; } = CliOptions.NodeUrl();
    public Option<string?>? TokenFile { get; }

    private NodeTarget(string command, bool admin, Func<CommandResult, bool> readsDataDir)
    {
        _command = command;
        _readsDataDir = readsDataDir;
        if (admin) TokenFile = CliOptions.ApiTokenFile();
    }

    /// <summary>
    /// Adds --datadir, --network, --node (and --api-token-file for admin calls) to the command. <paramref name="readsDataDir"/>
    /// says whether the command reads anything but the node's location from the data directory (a wallet, its address):
    /// when it does not, --datadir with --node means nothing and is refused.
    /// </summary>
    public static NodeTarget AddTo(Command command, string fullName, bool admin = false, Func<CommandResult, bool>? readsDataDir = null)
    {
        var target = new NodeTarget(fullName, admin, readsDataDir ?? (_ => false));
        command.Options.Add(target.DataDir);
        command.Options.Add(target.Network);
        command.Options.Add(target.Node);
        if (target.TokenFile is not null) command.Options.Add(target.TokenFile);
        command.Check(target.Validate);
        return target;
    }

    private void Validate(CommandResult r)
    {
        bool viaUrl = r.Value(Node) is not null;
        if (viaUrl && r.Given(DataDir) && !_readsDataDir(r))
            r.AddError($"--datadir means nothing here with --node: '{_command}' reads nothing else from a data directory (drop one of them)");
        if (!viaUrl && TokenFile is not null && r.Given(TokenFile))
            r.AddError($"--api-token-file goes with --node (without it, the data directory's api-token is used)");
    }

    /// <summary>Finds the node (and, through it, the network) and opens a client with the right token.</summary>
    public async Task<NodeConnection> ConnectAsync(ParseResult result, CancellationToken ct)
    {
        if (result.GetValue(Node) is not { } url)
        {
            var (p, dir) = CliOptions.Resolve(result, DataDir, Network);
            return new NodeConnection(p, dir, NodeClient.FromDataDir(dir.Path));
        }

        string? token = null;
        if (TokenFile is not null)
        {
            if (result.GetValue(TokenFile) is { } tokenPath) token = CliFiles.ReadText(tokenPath, "--api-token-file", 4096).Trim();
            else if (Environment.GetEnvironmentVariable(CliOptions.ApiTokenVariable) is { Length: > 0 } fromEnv) token = fromEnv.Trim();
            else throw new UsageException($"'{_command}' is an admin call: with --node it needs that node's API token: pass --api-token-file PATH (the node's <datadir>/api-token) or set {CliOptions.ApiTokenVariable}");
            if (token.Length == 0) throw new UsageException("the API token is empty");
        }

        var client = new NodeClient(url, token);
        try
        {
            var status = await client.GetJsonAsync("api/v1/status", ct);
            string nodeNetwork = status.TryGetProperty("network", out var n) ? n.GetString() ?? "" : "";
            var onNode = ChainParams.All.FirstOrDefault(p => p.Name == nodeNetwork)
                         ?? throw new CliException($"the node at {client.BaseUrl} reports an unknown network '{nodeNetwork}'");
            string? dataDir = result.GetValue(DataDir);
            string? named = result.GetValue(Network);
            string? bound = dataDir is null ? null : new DataDirectory(dataDir).ReadNetwork();
            if (named is not null && !named.Equals(onNode.Name, StringComparison.OrdinalIgnoreCase))
                throw new CliException($"--network {named}, but the node at {client.BaseUrl} is on '{onNode.Name}'");
            if (bound is not null && bound != onNode.Name)
                throw new CliException($"data directory {dataDir} belongs to network '{bound}', but the node at {client.BaseUrl} is on '{onNode.Name}'");
            return new NodeConnection(onNode, new DataDirectory(CliOptions.ResolveDataDir(dataDir, onNode.Name)), client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

/// <summary>A node to talk to, the network it is on, and the data directory the command's wallet lives in.</summary>
public sealed record NodeConnection(ChainParams Network, DataDirectory Dir, NodeClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint peers`: the running node's peers and bans (GET /api/v1/peers), as a table or JSON.</summary>
public static class PeerCommands
{
    public static Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table" };
        var cmd = new Command("peers", "Show the running node's peers (address, direction, height, ping, traffic, relayed blocks and transactions) and banned addresses with their reasons") { json };
        var target = NodeTarget.AddTo(cmd, "peers");
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var reply = await node.Client.GetJsonAsync("api/v1/peers", ct);
            Console.Write(result.GetValue(json) ? WalletCommands.Pretty(reply) + Environment.NewLine : Table(reply));
            return 0;
        });
        return cmd;
    }

    /// <summary>One line per peer, then one per ban with its reason.</summary>
    public static string Table(JsonElement status)
    {
        var sb = new StringBuilder();
        string listening = status.GetProperty("listening").ValueKind == JsonValueKind.String ? status.GetProperty("listening").GetString()! : "not listening";
        var peers = status.GetProperty("peers").EnumerateArray().ToList();
        sb.AppendLine(CultureInfo.InvariantCulture, $"listening {listening}; {peers.Count} peer(s); {status.GetProperty("knownAddresses").GetInt32()} known address(es)");
        sb.AppendLine(StateLine(status.GetProperty("stateServing")));
        if (peers.Count > 0)
        {
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-4} {1,-22} {2,-8} {3,8} {4,9} {5,10} {6,10} {7,13} {8,13}  {9}",
                "id", "address", "dir", "height", "ping ms", "sent", "received", "blocks in/out", "txs in/out", "agent / misbehaviour"));
            foreach (var p in peers)
            {
                string ping = p.GetProperty("pingMs").ValueKind == JsonValueKind.Number ? p.GetProperty("pingMs").GetDouble().ToString("0.0", CultureInfo.InvariantCulture) : "-";
                var notes = p.GetProperty("misbehaviour").EnumerateArray().Select(n => n.GetString()).ToList();
                string agent = p.GetProperty("userAgent").GetString() ?? "(handshake)";
                sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-4} {1,-22} {2,-8} {3,8} {4,9} {5,10} {6,10} {7,13} {8,13}  {9}",
                    p.GetProperty("id").GetInt32(), p.GetProperty("address").GetString(), p.GetProperty("direction").GetString(), p.GetProperty("height").GetUInt32(),
                    ping, Bytes(p.GetProperty("bytesSent").GetInt64()), Bytes(p.GetProperty("bytesReceived").GetInt64()),
                    $"{p.GetProperty("blocksReceived").GetInt64()}/{p.GetProperty("blocksSent").GetInt64()}",
                    $"{p.GetProperty("transactionsReceived").GetInt64()}/{p.GetProperty("transactionsSent").GetInt64()}",
                    notes.Count == 0 ? agent : $"{agent}; {string.Join("; ", notes)}"));
            }
        }
        var bans = status.GetProperty("banned").EnumerateArray().ToList();
        if (bans.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"banned ({bans.Count}):");
            foreach (var b in bans)
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"  {b.GetProperty("address").GetString()}  {b.GetProperty("reason").GetString()}: {b.GetProperty("detail").GetString()}  (until {b.GetProperty("until").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)");
        }
        return sb.ToString();
    }

    /// <summary>"serving state: the tip and snapshot heights 6000, 5900, 5800 (every 100 blocks; ...)" or "not serving state".</summary>
    private static string StateLine(JsonElement state)
    {
        if (!state.GetProperty("serving").GetBoolean()) return "not serving state (getstate is refused)";
        static string List(JsonElement a) => a.GetArrayLength() == 0 ? "none" : string.Join(", ", a.EnumerateArray().Select(h => h.GetUInt32().ToString(CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture,
            $"serving state: the tip and snapshot heights {List(state.GetProperty("heights"))} (every {state.GetProperty("interval").GetInt32()} blocks; indexed now: {List(state.GetProperty("indexed"))}; {state.GetProperty("answered").GetInt64()} chunks answered, {state.GetProperty("refused").GetInt64()} refused)");
    }

    private static string Bytes(long n) => n switch
    {
        < 10_000 => $"{n} B",
        < 10_000_000 => $"{n / 1024} KiB",
        _ => $"{n / (1024 * 1024)} MiB",
    };
}

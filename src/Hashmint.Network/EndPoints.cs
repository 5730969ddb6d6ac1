using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hashmint.Network;

/// <summary>How addresses are written on the command line: <c>PORT</c> (listen only: every interface), <c>IP:PORT</c>, <c>[IPv6]:PORT</c>, <c>HOST:PORT</c>.</summary>
public static class EndPoints
{
    /// <summary>Parses an endpoint; a host name is resolved (IPv4 first). False with a one-line reason otherwise.</summary>
    public static bool TryParse(string text, bool portAlone, [NotNullWhen(true)] out IPEndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        error = null;
        text = text.Trim();
        if (portAlone && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int alone))
        {
            if (alone is < 1 or > 65535) { error = $"port {alone} is out of range 1..65535"; return false; }
            endPoint = new IPEndPoint(IPAddress.Any, alone);
            return true;
        }
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) { error = $"'{text}' is not HOST:PORT"; return false; }
        string host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            error = $"'{text[(colon + 1)..]}' is not a port (1..65535)";
            return false;
        }
        if (!IPAddress.TryParse(host, out var ip))
        {
            try
            {
                var found = Dns.GetHostAddresses(host);
                ip = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault();
            }
            catch (SocketException) { ip = null; }
            catch (ArgumentException) { ip = null; }
            if (ip is null) { error = $"host '{host}' does not resolve"; return false; }
        }
        endPoint = new IPEndPoint(ip, port);
        return true;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hashmint.Node.Tests.Security;

/// <summary>What a raw exchange ended with: the status (null when the server closed without answering) and the text received.</summary>
public sealed record RawReply(int? Status, string Text, bool Closed)
{
    public override string ToString() => Status is { } s ? $"{s}: {Text[..Math.Min(Text.Length, 300)]}" : Closed ? "closed without an answer" : "no answer";
}

/// <summary>
/// HTTP/1.1 by hand over a loopback socket, for what HttpClient will not send: broken framing, huge or odd headers,
/// absolute-form targets, bodies that trickle in. Every exchange is bounded in time.
/// </summary>
public static class RawHttp
{
    public static async Task<RawReply> SendAsync(int port, byte[] request, TimeSpan timeout)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(timeout);
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        var stream = client.GetStream();
        try { await stream.WriteAsync(request, cts.Token); }
        catch (IOException) { } // the server may answer and close before it has read everything
        return await ReadReplyAsync(stream, cts.Token);
    }

    public static Task<RawReply> SendAsync(int port, string request, TimeSpan timeout) => SendAsync(port, Encoding.Latin1.GetBytes(request), timeout);

    /// <summary>Reads until the server closes, the deadline passes, or a whole response (headers and Content-Length body) has arrived.</summary>
    public static async Task<RawReply> ReadReplyAsync(Stream stream, CancellationToken ct)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        bool closed = false;
        try
        {
            while (!Complete(received))
            {
                int n = await stream.ReadAsync(buffer, ct);
                if (n == 0) { closed = true; break; }
                received.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { closed = true; }
        var text = Encoding.Latin1.GetString(received.ToArray());
        return new RawReply(StatusOf(text), text, closed);
    }

    private static int? StatusOf(string text) =>
        text.StartsWith("HTTP/1.", StringComparison.Ordinal) && text.Length >= 12 && int.TryParse(text.AsSpan(9, 3), out int s) ? s : null;

    private static bool Complete(MemoryStream received)
    {
        var text = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length);
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var headers = text[..end];
        foreach (var line in headers.Split("\r\n"))
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && int.TryParse(line["Content-Length:".Length..].Trim(), out int length))
                return text.Length - (end + 4) >= length;
        // No length: chunked ends with an empty chunk; a 304 or 1xx has no body.
        return headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? text.EndsWith("0\r\n\r\n", StringComparison.Ordinal) : true;
    }
}

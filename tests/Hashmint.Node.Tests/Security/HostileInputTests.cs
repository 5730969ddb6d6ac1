using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Security;

/// <summary>
/// Hostile input against a real `hashmint node` process (one for the class): oversized and trickling bodies, malformed
/// JSON, hex, blocks, transactions, parameters, cursors and paths, huge and odd headers, foreign Host headers, hostile
/// content. Throughout: no 5xx ever, the process stays up, and after every round the chain still advances.
/// </summary>
public sealed class HostileInputTests(ContentNodeFixture f) : IClassFixture<ContentNodeFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private RunningNode Node => f.Node;

    /// <summary>The node is up, answers, and a block mined now connects on top of the tip.</summary>
    private async Task StillServing(string round)
    {
        Assert.False(Node.Process.HasExited, $"the node exited during {round}:\n{Node.Process.Output}");
        uint before = (await Node.StatusAsync()).GetProperty("height").GetUInt32();
        var mined = await Node.GenerateAsync(1);
        var status = await Node.StatusAsync();
        Assert.Equal(before + 1, status.GetProperty("height").GetUInt32());
        Assert.Equal(mined[0].GetString(), status.GetProperty("tipHash").GetString());
        Assert.DoesNotContain("Unhandled exception", Node.Process.Output);
    }

    private static void NotServerError(RawReply reply, string what) =>
        Assert.True(reply.Status is null or < 500, $"{what}: {reply}");

    /// <summary>Sends through HttpClient and checks the answer: never 5xx; an error from the API is a problem with a code.</summary>
    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, bool admin = false)
    {
        if (admin) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Node.Token);
        string what = $"{request.Method} {request.RequestUri}";
        var r = await Node.Http.SendAsync(request);
        await r.Content.LoadIntoBufferAsync();
        var body = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode < 500, $"{what}: {(int)r.StatusCode} {body}");
        if ((int)r.StatusCode >= 400 && r.Content.Headers.ContentType?.MediaType == "application/problem+json" && request.Method != HttpMethod.Head)
        {
            ApiAssert.ProblemShape(r, body);
            ApiAssert.NoInternals(body, what);
        }
        return r;
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public async Task Oversized_bodies_get_a_413_problem_with_and_without_a_length()
    {
        // No "Connection: close": after an early answer Kestrel reads and drops the rest of the body (up to its 8 MiB limit)
        // instead of closing on unread data, which would reset the connection and could lose the answer.
        string Head(string path, string framing, bool admin = false) =>
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n{(admin ? $"Authorization: Bearer {Node.Token}\r\n" : "")}{framing}\r\n\r\n";
        foreach (var (path, admin) in new[] { ("/api/v1/transactions", false), ("/api/v1/blocks", true), ("/api/v1/admin/mining", true), ("/api/v1/admin/generate", true) })
        {
            // A declared length past the limit: refused before the body is read.
            var declared = await RawHttp.SendAsync(Node.Port, Head(path, "Content-Length: 100000000", admin), Bound);
            Assert.True(declared.Status == 413, $"{path} with a huge Content-Length: {declared}");
            Assert.Contains("\"too-large\"", declared.Text);

            // Chunked, no length: refused as soon as the body grows past the limit (the client is still sending).
            var chunked = await ChunkedUntilAnswered(path, Head(path, "Transfer-Encoding: chunked", admin), 6 * 1024 * 1024);
            Assert.True(chunked.Status == 413, $"{path} chunked past the limit: {chunked}");
        }
        // The same through HttpClient, just past the transaction limit.
        using var big = await Send(new HttpRequestMessage(HttpMethod.Post, "api/v1/transactions") { Content = new StringContent(new string('0', 250_000)) });
        await ApiAssert.Problem(big, HttpStatusCode.RequestEntityTooLarge, "too-large");
        // A body sent to a call that reads none is not a problem either.
        var ignored = await RawHttp.SendAsync(Node.Port, [.. Ascii("GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 65536\r\n\r\n"), .. new byte[65536]], Bound);
        NotServerError(ignored, "a GET with a body");
        await StillServing("oversized bodies");
    }

    private async Task<RawReply> ChunkedUntilAnswered(string path, string head, int maxBytes)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(Bound);
        await client.ConnectAsync(IPAddress.Loopback, Node.Port, cts.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Ascii(head), cts.Token);
        var chunk = Ascii($"{64 * 1024:x}\r\n{new string('0', 64 * 1024)}\r\n");
        try
        {
            for (int sent = 0; sent < maxBytes && !stream.DataAvailable; sent += 64 * 1024)
                await stream.WriteAsync(chunk, cts.Token);
        }
        catch (IOException) { } // the server answered and closed while we were still sending
        return await RawHttp.ReadReplyAsync(stream, cts.Token);
    }

    [Fact]
    public async Task A_trickling_body_or_header_is_cut_off_within_the_servers_timeouts_and_others_are_served_meanwhile()
    {
        var clock = Stopwatch.StartNew();
        async Task<(RawReply Reply, TimeSpan After)> Trickle(string head, string drip)
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(25));
            await client.ConnectAsync(IPAddress.Loopback, Node.Port, cts.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Ascii(head), cts.Token);
            var started = Stopwatch.StartNew();
            try
            {
                while (!cts.IsCancellationRequested && !stream.DataAvailable)
                {
                    await stream.WriteAsync(Ascii(drip), cts.Token);
                    await Task.Delay(500, cts.Token);
                }
            }
            catch (IOException) { }          // cut off
            catch (OperationCanceledException) { }
            using var read = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var reply = await RawHttp.ReadReplyAsync(stream, read.Token);
            return (reply, started.Elapsed);
        }

        var body = Trickle("POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n", "00");
        var header = Trickle("GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", "a");
        // Meanwhile the node answers everyone else at once.
        for (int i = 0; i < 5; i++)
        {
            var answered = Stopwatch.StartNew();
            await Node.StatusAsync();
            Assert.True(answered.Elapsed < TimeSpan.FromSeconds(10), $"a status call took {answered.Elapsed} during the trickle");
            await Task.Delay(1000);
        }
        foreach (var (what, task) in new[] { ("trickling body", body), ("trickling header", header) })
        {
            var (reply, after) = await task;
            Assert.True(reply.Closed || reply.Status is >= 400 and < 500, $"{what}: {reply} after {after}");
            Assert.True(after < TimeSpan.FromSeconds(24), $"{what} was not cut off ({after})");
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        await StillServing("trickling clients");
    }

    private static readonly string[] MalformedPaths =
    [
        "api/v1/blocks/%00", "api/v1/blocks/%ff%fe", "api/v1/blocks/..%2f..%2f..%2fetc%2fpasswd", "api/v1/blocks/%2e%2e", "api//v1//status",
        "api/v1/blocks/%E2%80%AE1", "api/v1/blocks/" + new string('9', 2000), "api/v1/blocks/１２", "api/v1/blocks/1%20",
        "api/v1/accounts/" + new string('q', 4000), "api/v1/accounts/rm1%00", "api/v1/accounts/%F0%9F%92%A9/tokens",
        "api/v1/transactions/" + new string('G', 64), "api/v1/transactions/%30%30", "api/v1/transactions/" + new string('0', 10_000),
        "api/v1/collections/%00", "api/v1/collections/blocks/tokens/%2D1", "api/v1/collections/blocks/tokens/1/image.png?size=%00",
        "api/v1/collections/blocks/tokens/1/image.png?size=16&size=32", "api/v1/collections/blocks/tokens/1/image.png?size=" + new string('9', 500),
        "api/v1/collections/blocks/tokens/1/image.png?size=0x10", "api/v1/collections/blocks/tokens/99999999999999999999/content",
        "api/v1/blocks?limit=1&limit=2", "api/v1/blocks?limit=%00", "api/v1/blocks?limit=" + new string('9', 400), "api/v1/blocks?cursor=" + new string('A', 5000),
        "api/v1/blocks?cursor=====", "api/v1/blocks?cursor=%C3%A9t%C3%A9", "api/v1/blocks?cursor=_-_-_-_-", "api/v1/blocks?cursor=YmxrOv____8",
        "api/v1/collections?cursor=Yw", "api/v1/collections?cursor=" + Convert.ToBase64String(new byte[300]), "api/v1/collections/blocks/tokens?order=%00",
        "api/v1/collections/blocks/tokens?order=desc&order=asc", "api/v1/collections/blocks/tokens?cursor=dAZibG9ja3P_____________",
        "api/v1/mempool?limit=-0", "api/v1/collections/blocks/mint-job?minter=" + new string('x', 3000), "openapi/v2.json", "openapi/..%2fv1.json",
        "%2e%2e/%2e%2e/etc/passwd", "metrics/../api/v1/status", "?collection=%00", "?collection=<script>alert(1)</script>",
    ];

    [Fact]
    public async Task Malformed_paths_parameters_and_cursors_get_4xx_not_5xx()
    {
        foreach (var path in MalformedPaths)
        {
            HttpRequestMessage request;
            try { request = new HttpRequestMessage(HttpMethod.Get, path); }
            catch (UriFormatException) { continue; }
            using var r = await Send(request);
            if (path.StartsWith("?collection=", StringComparison.Ordinal))
                Assert.DoesNotContain("<script>", await r.Content.ReadAsStringAsync());
        }
        await StillServing("malformed paths");
    }

    [Fact]
    public async Task Malformed_json_hex_blocks_and_transactions_get_4xx_not_5xx()
    {
        var random = new Random(2024);
        var bodies = new List<(string Type, byte[] Body)>
        {
            ("text/plain", [0xff, 0xfe, 0x00, 0x41]), ("text/plain", Encoding.UTF8.GetBytes("٠١٢٣")), ("text/plain", Ascii("0x00")),
            ("text/plain", Ascii("00 11")), ("text/plain", Ascii(new string('f', 199_999))), ("text/plain", Encoding.UTF8.GetBytes("ＡＢ")),
            ("application/json", Ascii(new string('[', 100_000) + new string(']', 100_000))), ("application/json", Ascii("{\"hex\":" + new string('[', 5000) + "}")),
            ("application/json", Ascii("{\"hex\":\"00\",\"hex\":\"11\"}")), ("application/json", [0xef, 0xbb, 0xbf, .. Ascii("{\"hex\":\"00\"}")]),
            ("application/json; charset=utf-16", Encoding.Unicode.GetBytes("{\"hex\":\"00\"}")), ("multipart/form-data; boundary=x", Ascii("--x\r\n\r\n00\r\n--x--")),
            ("application/x-www-form-urlencoded", Ascii("hex=00")), ("application/json", Ascii("{\"hex\":\"\\u0030\\u0030\"}")), ("text/plain", []),
            ("application/octet-stream", [1, 2, 3]), ("text/plain", Ascii("{")), ("application/json", Ascii("null")),
        };
        for (int i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 3000)];
            random.NextBytes(bytes);
            bodies.Add(("text/plain", Ascii(Convert.ToHexStringLower(bytes))));
            bodies.Add(("text/plain", bytes));
        }
        // A real transaction and a real block, cut and bit-flipped.
        var tx = ApiFixture.Transfer(ApiFixture.MinerKey, 999, Keys.Account(Keys.FromSeed(9)), 1).Encoded;
        var block = Convert.FromHexString(await Node.Http.GetStringAsync("api/v1/blocks/1/raw"));
        foreach (var valid in new[] { tx, block })
            for (int i = 0; i < 20; i++)
            {
                var bytes = i % 2 == 0 ? valid[..random.Next(valid.Length)] : (byte[])valid.Clone();
                if (i % 2 == 1) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                bodies.Add(("text/plain", Ascii(Convert.ToHexStringLower(bytes))));
            }

        foreach (var (path, admin) in new[] { ("api/v1/transactions", false), ("api/v1/blocks", true), ("api/v1/admin/mining", true), ("api/v1/admin/generate", true) })
            foreach (var (type, body) in bodies)
            {
                var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", type);
                using var r = await Send(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, admin);
                if (path.Contains("admin")) Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{path} took {type} {body.Length} bytes: {(int)r.StatusCode}");
            }
        // Method overrides and odd methods change nothing.
        foreach (var method in new[] { "DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "HEAD" })
            using (await Send(new HttpRequestMessage(new HttpMethod(method), "api/v1/status"))) { }
        var overridden = new HttpRequestMessage(HttpMethod.Post, "api/v1/status");
        overridden.Headers.Add("X-HTTP-Method-Override", "GET");
        using (await Send(overridden)) { }
        await StillServing("malformed bodies");
    }

    [Fact]
    public async Task Huge_and_odd_headers_and_broken_framing_never_get_a_5xx()
    {
        string token = Node.Token;
        var requests = new List<(string What, string Request)>
        {
            ("a 40 KB header", $"GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('a', 40_000)}\r\nConnection: close\r\n\r\n"),
            ("600 headers", $"GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n{string.Concat(Enumerable.Range(0, 600).Select(i => $"X-H{i}: {new string('b', 60)}\r\n"))}Connection: close\r\n\r\n"),
            ("a 30 KB bearer token", $"POST /api/v1/admin/mining HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {new string('t', 30_000)}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"),
            ("a bearer token with the right prefix and garbage", $"POST /api/v1/admin/mining HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\u00e9\u00ff\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"),
            ("Latin-1 in a header value", "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Odd: caf\u00e9\u00ff\r\nConnection: close\r\n\r\n"),
            ("NUL in a header value", "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Odd: a\0b\r\nConnection: close\r\n\r\n"),
            ("a space in a header name", "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\nConnection: close\r\n\r\n"),
            ("a header without a colon", "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColon\r\nConnection: close\r\n\r\n"),
            ("an obsolete folded header", "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fold: a\r\n  b\r\nConnection: close\r\n\r\n"),
            ("two Host headers", "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"),
            ("no Host header", "GET /api/v1/status HTTP/1.1\r\nConnection: close\r\n\r\n"),
            ("an empty Host header", "GET /api/v1/status HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n"),
            ("HTTP/1.0 without Host", "GET /api/v1/status HTTP/1.0\r\n\r\n"),
            ("a negative Content-Length", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\nConnection: close\r\n\r\n"),
            ("a non-numeric Content-Length", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\nConnection: close\r\n\r\n"),
            ("two Content-Lengths", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 4\r\nConnection: close\r\n\r\n0000"),
            ("Content-Length and chunked", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n00\r\n0\r\n\r\n"),
            ("an unknown transfer coding", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n0000"),
            ("a bad chunk size", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n00\r\n0\r\n\r\n"),
            ("a chunk longer than announced", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n0000000\r\n0\r\n\r\n"),
            ("a body shorter than its length", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n00"),
            ("a garbage request line", "GARBAGE\r\n\r\n"),
            ("a very long method", $"{new string('M', 5000)} /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
            ("an 20 KB request target", $"GET /api/v1/blocks/{new string('1', 20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
            ("an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
            ("an asterisk target", "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
            ("a CONNECT", "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n"),
            ("bare LF line ends", "GET /api/v1/status HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n"),
            ("Expect: 100-continue past the limit", "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n"),
            ("an upgrade to websocket", "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"),
        };
        foreach (var (what, request) in requests)
        {
            // A request the server waits on (a body shorter than its length) simply gets no answer within the bound.
            var reply = await RawHttp.SendAsync(Node.Port, request, TimeSpan.FromSeconds(5));
            NotServerError(reply, what);
        }
        // The one 5xx that is not a failure: Kestrel answers a request line with an unknown HTTP version by the protocol's
        // 505 before any of the node's code runs (the node keeps serving, which StillServing checks below).
        var version = await RawHttp.SendAsync(Node.Port, "GET /api/v1/status HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", TimeSpan.FromSeconds(8));
        Assert.True(version.Status is 505 or 400 or null, $"HTTP/9.9: {version}");
        // A pile of raw requests on one connection (pipelined) is answered in order.
        var pipelined = await RawHttp.SendAsync(Node.Port, string.Concat(Enumerable.Repeat("GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 20)) +
            "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", Bound);
        Assert.Equal(200, pipelined.Status);
        await StillServing("odd headers");
    }

    [Fact]
    public async Task Foreign_host_headers_get_a_421_bad_host_and_loopback_names_pass()
    {
        foreach (var host in new[] { "evil.example", $"evil.example:{Node.Port}", "127.0.0.1.evil.example", "localhost.evil.example", "example.com" })
        {
            var reply = await RawHttp.SendAsync(Node.Port, $"GET /api/v1/status HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", Bound);
            Assert.True(reply.Status == 421, $"Host {host}: {reply}");
            Assert.Contains("application/problem+json", reply.Text);
            Assert.Contains("\"bad-host\"", reply.Text);
        }
        var absolute = await RawHttp.SendAsync(Node.Port, "GET http://evil.example/api/v1/status HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", Bound);
        Assert.True(absolute.Status == 421, $"absolute-form target: {absolute}");
        uint height = (await Node.StatusAsync()).GetProperty("height").GetUInt32();
        var admin = await RawHttp.SendAsync(Node.Port, $"POST /api/v1/admin/generate HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer {Node.Token}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"count\":1}", Bound);
        Assert.True(admin.Status == 421, $"admin call with a foreign host: {admin}");
        Assert.Equal(height, (await Node.StatusAsync()).GetProperty("height").GetUInt32());
        foreach (var host in new[] { "localhost", $"localhost:{Node.Port}", "127.0.0.1", $"127.0.0.1:{Node.Port}", "[::1]" })
        {
            var reply = await RawHttp.SendAsync(Node.Port, $"GET /api/v1/status HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", Bound);
            Assert.True(reply.Status == 200, $"Host {host}: {reply}");
        }
        await StillServing("foreign hosts");
    }

    [Fact]
    public async Task Content_of_every_type_is_served_sandboxed_by_the_real_server()
    {
        foreach (var sample in ContentSamples.All)
        {
            using var r = await Send(new HttpRequestMessage(HttpMethod.Get, ContentSamples.ContentPath(sample.Name)));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(sample.SentType, r.Content.Headers.ContentType?.ToString());
            Assert.Contains("sandbox", ApiAssert.Header(r, "Content-Security-Policy"));
            Assert.Equal("nosniff", ApiAssert.Header(r, "X-Content-Type-Options"));
            Assert.Equal(sample.Active ? "attachment" : null, r.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(sample.Data, await r.Content.ReadAsByteArrayAsync());
        }
        await StillServing("content");
    }
}

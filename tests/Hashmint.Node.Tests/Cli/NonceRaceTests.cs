using System.Net;
using System.Text;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Cli;

namespace Hashmint.Node.Tests.Cli;

/// <summary>
/// WalletSession re-signs with a fresh nonce when another sender of the same wallet took ours (the devnet's NFT miner
/// does), against a stand-in node that refuses a scripted number of submissions. The race itself cannot be timed
/// through the executable, so the refusal is scripted here.
/// </summary>
public sealed class NonceRaceTests
{
    /// <summary>A loopback HTTP server answering the two calls a submission makes: the account's next nonce, and the submission.</summary>
    private sealed class FakeNode : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Func<int, (int Status, string Body)> _answerSubmission;
        private readonly Task _loop;
        private ulong _nextNonce = 5;

        public List<ulong> SubmittedNonces { get; } = [];
        public string Url { get; }

        public FakeNode(Func<int, (int Status, string Body)> answerSubmission)
        {
            _answerSubmission = answerSubmission;
            int port = HashmintProcess.FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                var (status, body) = Answer(context.Request);
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        private (int, string) Answer(HttpListenerRequest request)
        {
            lock (SubmittedNonces)
            {
                if (request.HttpMethod == "GET" && request.Url!.AbsolutePath.StartsWith("/api/v1/accounts/", StringComparison.Ordinal))
                    return (200, $$"""{"nextNonce": {{_nextNonce}}}""");
                if (request.HttpMethod == "POST" && request.Url!.AbsolutePath == "/api/v1/transactions")
                {
                    using var reader = new StreamReader(request.InputStream);
                    var tx = Hashmint.Ledger.Operations.OperationRegistry.Default.DecodeTransaction(Convert.FromHexString(reader.ReadToEnd()));
                    SubmittedNonces.Add(tx.Nonce);
                    _nextNonce++; // someone else's transaction took the nonce meanwhile
                    return _answerSubmission(SubmittedNonces.Count);
                }
                return (404, """{"code":"not-found","detail":"no such route"}""");
            }
        }

        public void Dispose()
        {
            _listener.Close(); // also stops it
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }

    private static (int, string) Refused(string code) => (400, $$"""{"title":"Rejected","status":400,"code":"{{code}}","detail":"scripted {{code}}"}""");
    private static readonly (int, string) Accepted = (202, """{"txid":"00000000000000000000000000000000000000000000000000000000000000aa"}""");

    private static async Task<string> Submit(FakeNode node)
    {
        var secret = new byte[32];
        secret[31] = 7;
        using var session = new WalletSession(ChainParams.Regtest, new NodeClient(node.Url, token: null), secret);
        var to = new AccountId(Crypto.Schnorr.GetXOnlyPublicKey(Enumerable.Repeat((byte)9, 32).ToArray()));
        return await session.SubmitAsync([new TransferOperation(to, new Amount(1))], fee: null, CancellationToken.None);
    }

    [Theory]
    [InlineData("nonce-too-low")]
    [InlineData("replacement-underpriced")]
    public async Task A_taken_nonce_is_fetched_again_and_the_transaction_re_signed(string code)
    {
        using var node = new FakeNode(n => n <= 2 ? Refused(code) : Accepted);
        Assert.Equal(64, (await Submit(node)).Length);
        Assert.Equal([5UL, 6UL, 7UL], node.SubmittedNonces);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_reason_is_reported()
    {
        using var node = new FakeNode(_ => Refused("nonce-too-low"));
        var e = await Assert.ThrowsAsync<NodeRefusedException>(() => Submit(node));
        Assert.Equal("nonce-too-low", e.Code);
        Assert.Equal(1 + WalletSession.NonceRetries, node.SubmittedNonces.Count);
    }

    [Fact]
    public async Task Other_refusals_are_not_retried()
    {
        using var node = new FakeNode(_ => Refused("insufficient-funds"));
        var e = await Assert.ThrowsAsync<NodeRefusedException>(() => Submit(node));
        Assert.Equal("insufficient-funds", e.Code);
        Assert.Single(node.SubmittedNonces);
    }
}

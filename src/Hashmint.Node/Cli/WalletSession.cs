using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Node.Hosting;
using Hashmint.Wallet;

namespace Hashmint.Node.Cli;

/// <summary>
/// The CLI side of sending a transaction: unlock the data directory's wallet (passphrase from HASHMINT_PASSPHRASE or a
/// prompt), ask the node for the next nonce, sign, submit.
/// </summary>
public sealed class WalletSession : IDisposable
{
    private readonly byte[] _secret;

    public ChainParams Network { get; }
    public NodeClient Client { get; }
    public AccountId Account { get; }
    public string Address { get; }

    internal WalletSession(ChainParams network, NodeClient client, byte[] secret)
    {
        Network = network;
        Client = client;
        _secret = secret;
        Account = new AccountId(Crypto.Schnorr.GetXOnlyPublicKey(secret));
        Address = Account.ToAddress(network.AddressPrefix);
    }

    /// <summary>Unlocks the wallet of the connection's data directory; the session owns the connection's client from here on.</summary>
    public static WalletSession Open(NodeConnection node)
    {
        var dir = node.Dir;
        if (Directory.Exists(dir.WalletPath)) throw new CliException($"{dir.WalletPath} is a directory, not a wallet file");
        if (!File.Exists(dir.WalletPath)) throw new CliException($"no wallet in {dir.Path} ('hashmint wallet create' makes one, or pass --datadir)");
        var hd = Keystore.Load(dir.WalletPath, PassphraseSource.System.Get());
        return new WalletSession(node.Network, node.Client, hd.GetSecretKey(0));
    }

    /// <summary>How often a submission is re-signed with a fresh nonce when another sender of this wallet took ours.</summary>
    public const int NonceRetries = 3;

    /// <summary>
    /// Signs the operations with the next nonce and submits them; the fee is 2 units per byte unless given. Returns the txid.
    /// Something else may sign with the same wallet (the devnet's own NFT miner does): when the node says our nonce was
    /// just used (<c>nonce-too-low</c>, or <c>replacement-underpriced</c> for a pending transaction that holds it), ask
    /// for the next nonce again and re-sign, up to <see cref="NonceRetries"/> times.
    /// </summary>
    public async Task<string> SubmitAsync(IReadOnlyList<Operation> ops, ulong? fee, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            var account = await Client.GetJsonAsync($"api/v1/accounts/{Address}", ct);
            ulong nonce = account.GetProperty("nextNonce").GetUInt64();
            var tx = fee is { } units
                ? Transaction.CreateSigned(Network.ChainId, _secret, nonce, new Amount(units), 0, ops)
                : Transaction.CreateSignedPayingPerByte(Network.ChainId, _secret, nonce, 2, 0, ops);
            try
            {
                var reply = await Client.PostTextAsync("api/v1/transactions", Convert.ToHexStringLower(tx.Encoded), ct);
                return reply.GetProperty("txid").GetString()!;
            }
            catch (NodeRefusedException e) when (attempt < NonceRetries && IsNonceRace(e.Code)) { /* the nonce was taken meanwhile: again */ }
        }
    }

    public static bool IsNonceRace(string code) => code is Ledger.RejectCodes.NonceTooLow or Ledger.RejectCodes.ReplacementUnderpriced;

    /// <summary>Polls (every 250 ms, bounded) until the transaction is in a block; fails with the reason if it was dropped.</summary>
    public async Task<uint> WaitConfirmedAsync(string txid, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var tx = await Client.GetJsonAsync($"api/v1/transactions/{txid}", ct);
                if (tx.GetProperty("status").GetString() == "confirmed") return tx.GetProperty("height").GetUInt32();
            }
            catch (NodeRefusedException e) when (e.Status == 404) { /* not visible yet */ }
            await Task.Delay(250, ct);
        }
        throw new CliException($"transaction {txid} was not mined within {timeout.TotalSeconds:0} s (is the node mining?)");
    }

    public void Dispose()
    {
        Array.Clear(_secret);
        Client.Dispose();
    }
}

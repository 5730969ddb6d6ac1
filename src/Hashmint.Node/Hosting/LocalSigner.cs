using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger;

namespace Hashmint.Node.Hosting;

/// <summary>Signs transactions inside the node with a key it holds (the devnet's wallet) and submits them through the ledger.</summary>
public sealed class LocalSigner(LedgerFacade ledger, DevnetKey key)
{
    public AccountId Account { get; } = new(Schnorr.GetXOnlyPublicKey(key.SecretKey));

    /// <summary>Signs the operations with the sender's next nonce (chosen in the same step as admission) at 2 units per byte.</summary>
    /// <exception cref="RejectedException">when the mempool refuses the transaction.</exception>
    public Transaction Submit(params Operation[] ops) =>
        ledger.SubmitSigned(Account, nonce => Transaction.CreateSignedPayingPerByte(ledger.Network.ChainId, key.SecretKey, nonce, 2, 0, ops));

    public Amount Balance() => ledger.GetAccount(Account).Balance;
}

/// <summary>The devnet wallet's first key, held by the node to launch and mine the demo collection.</summary>
public sealed class DevnetKey(byte[] secretKey)
{
    public byte[] SecretKey { get; } = secretKey;
}

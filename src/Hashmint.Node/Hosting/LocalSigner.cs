using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;

namespace Hashmint.Node.Hosting;

/// <summary>Signs transactions inside the node with a key it holds (the devnet's wallet) and submits them to its own mempool.</summary>
public sealed class LocalSigner(NodeService node, byte[] secretKey)
{
    public AccountId Account { get; } = new(Schnorr.GetXOnlyPublicKey(secretKey));

    /// <summary>Signs the operations with the next free nonce and a fee of 2 units per byte, and submits them.</summary>
    /// <exception cref="Ledger.RejectedException">when the mempool refuses the transaction.</exception>
    public Transaction Submit(params Operation[] ops)
    {
        var p = node.Options.Network;
        ulong nonce = node.Chain.WithTipLocked((_, state) => node.Mempool.NextNonce(Account, state));
        var tx = Transaction.CreateSignedPayingPerByte(p.ChainId, secretKey, nonce, 2, 0, ops);
        node.SubmitTransaction(tx);
        return tx;
    }

    public Amount Balance() => node.Chain.GetAccount(Account).Balance;
}

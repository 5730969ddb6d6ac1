using System.Security.Cryptography;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Crypto;

namespace Hashmint.Core.Tests.Support;

/// <summary>Valid objects built from fixed seeds, for codec tests and as fuzz seeds.</summary>
public static class Samples
{
    public static readonly uint ChainId = ChainParams.Regtest.ChainId;

    public static byte[] SecretKey(int index) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"hashmint core test key {index}"));

    public static AccountId Account(int index) => new(Schnorr.GetXOnlyPublicKey(SecretKey(index)));

    public static Transaction Transfer(int from, int to, ulong amount, ulong nonce = 0, ulong fee = 1000, uint expiry = 0) =>
        Transaction.CreateSigned(ChainId, SecretKey(from), nonce, new Amount(fee), expiry, [new TransferOperation(Account(to), new Amount(amount))]);

    public static Transaction MultiTransfer(int from, int operations, ulong nonce = 0) =>
        Transaction.CreateSigned(ChainId, SecretKey(from), nonce, new Amount(5000), 77,
            Enumerable.Range(0, operations).Select(i => (Operation)new TransferOperation(Account(100 + i), new Amount((ulong)(i + 1) * 1000))).ToList());

    /// <summary>A transaction with the simple token operations, so the decoder fuzz reaches their codecs too.</summary>
    public static Transaction TokenOperations(int from) =>
        Transaction.CreateSigned(ChainId, SecretKey(from), 3, new Amount(2_000), 0,
        [
            new TransferTokenOperation("art", 7, Account(2)),
            new BurnTokenOperation("game-items", ulong.MaxValue),
            new ApproveOperation("art", 8, Account(3)),
            new SetOperatorOperation("land", Account(4), true),
        ]);

    public static Coinbase Coinbase(uint height = 7, int payouts = 2, string message = "hello pool") =>
        new(ChainId, height, 0x1122334455667788, Enumerable.Range(0, payouts).Select(i => new Payout(Account(50 + i), new Amount((ulong)(i + 1) * 100_000))).ToList(),
            Account(60), Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000ab"), System.Text.Encoding.UTF8.GetBytes(message));

    public static Block Block(int transactions)
    {
        var cb = Coinbase();
        var txs = Enumerable.Range(0, transactions).Select(i => Transfer(i % 3, 10 + i, 1000 + (ulong)i, nonce: (ulong)i)).ToList();
        var ids = new List<Hash256> { cb.Id };
        ids.AddRange(txs.Select(t => t.Id));
        var header = new BlockHeader(1, Hash256.Parse("0000000000000000000000000000000000000000000000000000000000001234"), MerkleTree.ComputeRoot(ids), 1_795_000_100, 0x207fffff, 42);
        return new Block(header, cb, txs);
    }
}

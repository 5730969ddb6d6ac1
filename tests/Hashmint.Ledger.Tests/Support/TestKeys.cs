using System.Security.Cryptography;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Crypto;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>Accounts whose secret keys come from fixed seeds, and transfers signed by them.</summary>
internal static class TestKeys
{
    private static readonly Dictionary<int, (byte[] Secret, AccountId Id)> Cache = [];

    public static byte[] Secret(int index) => Get(index).Secret;
    public static AccountId Id(int index) => Get(index).Id;

    private static (byte[] Secret, AccountId Id) Get(int index)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(index, out var pair))
            {
                var secret = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"hashmint ledger test key {index}"));
                Cache[index] = pair = (secret, new AccountId(Schnorr.GetXOnlyPublicKey(secret)));
            }
            return pair;
        }
    }

    public static Transaction Transfer(int from, int to, Amount amount, ulong nonce, ulong fee = 1_000, uint expiry = 0, uint? chainId = null) =>
        Transaction.CreateSigned(chainId ?? ChainParams.Regtest.ChainId, Secret(from), nonce, new Amount(fee), expiry,
            [new TransferOperation(Id(to), amount)]);

    public static Transaction Transfer(int from, int to, ulong units, ulong nonce, ulong fee = 1_000, uint expiry = 0) =>
        Transfer(from, to, new Amount(units), nonce, fee, expiry);
}

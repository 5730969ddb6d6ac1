using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Nft.Support;

/// <summary>NFT transactions signed by <see cref="TestKeys"/> accounts, with a fee that clears the mempool's minimum rate.</summary>
internal static class NftTx
{
    public const ulong Fee = 20_000;

    public static Transaction Sign(int key, ulong nonce, params Operation[] ops) => SignWithFee(key, nonce, Fee, ops);

    public static Transaction SignWithFee(int key, ulong nonce, ulong fee, params Operation[] ops) =>
        Transaction.CreateSigned(ChainParams.Regtest.ChainId, TestKeys.Secret(key), nonce, new Amount(fee), 0, ops);
}

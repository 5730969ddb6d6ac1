using System.Security.Cryptography;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Pool;
using Hashmint.Storage;

namespace Hashmint.Ledger.Synthetic;

/// <summary>
/// Builds real, fully valid chains full of signed transfers, for benchmarks and load tests: funding blocks
/// pay many sender accounts, then blocks of transfers from those senders to fresh accounts. Deterministic for
/// a given seed (keys, amounts), except for block timestamps. Meant for networks with a trivial target
/// (regtest): the proof of work is found by a plain loop, not the mining engine.
/// </summary>
public sealed class SyntheticChain
{
    private readonly ChainParams _params;
    private readonly LedgerFacade _ledger;
    private readonly List<byte[]> _senderKeys = [];
    private readonly Dictionary<int, ulong> _nonces = [];
    private readonly Random _random;

    public List<Block> Blocks { get; } = [];

    public SyntheticChain(ChainParams p, int seed = 1)
    {
        _params = p;
        _ledger = new LedgerFacade(new MemoryKeyValueStore(), p, new LedgerOptions { Mempool = new MempoolOptions { MaxPerSender = 100_000 } });
        _random = new Random(seed);
    }

    public LedgerFacade Ledger => _ledger;

    /// <summary>Creates <paramref name="senders"/> accounts and mines blocks paying each of them one coinbase share, then lets them mature.</summary>
    public void FundSenders(int senders)
    {
        for (int i = 0; i < senders; i++)
        {
            var key = new byte[32];
            do { _random.NextBytes(key); } while (!Schnorr.IsValidSecretKey(key));
            _senderKeys.Add(key);
            _nonces[_senderKeys.Count - 1] = 0;
            MineBlock(new AccountId(Schnorr.GetXOnlyPublicKey(key)));
        }
        for (int i = 0; i < _params.CoinbaseMaturity; i++) MineBlock(AccountId.None);
    }

    /// <summary>Adds a block holding <paramref name="transfers"/> transfers, spread over the senders round-robin.</summary>
    public Block AddTransferBlock(int transfers)
    {
        for (int i = 0; i < transfers; i++)
        {
            int s = i % _senderKeys.Count;
            var to = new byte[32];
            _random.NextBytes(to);
            var tx = Transaction.CreateSigned(_params.ChainId, _senderKeys[s], _nonces[s]++, new Amount(400), 0,
                [new TransferOperation(new AccountId(to), new Amount(1000 + (ulong)_random.Next(1000)))]);
            _ledger.SubmitTransaction(tx);
        }
        return MineBlock(AccountId.None);
    }

    /// <summary>The account of the <paramref name="index"/>-th funded sender.</summary>
    public AccountId Sender(int index) => new(Schnorr.GetXOnlyPublicKey(_senderKeys[index]));

    /// <summary>Adds a block with one transaction per entry: the sender's operations, in order (fee 2 units per byte).</summary>
    public Block AddBlock(IEnumerable<(int Sender, Operation[] Ops)> transactions)
    {
        foreach (var (s, ops) in transactions)
            _ledger.SubmitTransaction(Transaction.CreateSignedPayingPerByte(_params.ChainId, _senderKeys[s], _nonces[s]++, 2, 0, ops));
        return MineBlock(AccountId.None);
    }

    /// <summary>Adds a block with no transactions (block hooks still run).</summary>
    public Block AddEmptyBlock() => MineBlock(AccountId.None);

    private Block MineBlock(AccountId payTo)
    {
        var template = _ledger.CreateTemplate(TemplateRequest.Solo(payTo, "synthetic"));
        var block = SolveTrivialTarget(template);
        var result = _ledger.SubmitBlock(block);
        if (result.Rejection is not null) throw new RejectedException(result.Rejection);
        Blocks.Add(block);
        return block;
    }

    private static Block SolveTrivialTarget(BlockTemplate template)
    {
        var target = CompactTarget.ToTarget(template.Bits)!.Value;
        var header = template.HeaderFor(0);
        for (uint nonce = 0; nonce < 10_000_000; nonce++)
        {
            var candidate = header with { Nonce = nonce };
            if (CompactTarget.MeetsTarget(candidate.Hash, target)) return template.BuildBlock(0, nonce);
        }
        throw new InvalidOperationException("synthetic chains need a trivial target (regtest); no proof of work found in 10^7 nonces");
    }

    /// <summary>A random valid secret key, for callers that need fresh accounts.</summary>
    public static byte[] RandomSecretKey()
    {
        var key = new byte[32];
        do { RandomNumberGenerator.Fill(key); } while (!Schnorr.IsValidSecretKey(key));
        return key;
    }
}

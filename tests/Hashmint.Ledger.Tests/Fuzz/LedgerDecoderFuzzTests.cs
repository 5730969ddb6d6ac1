using Hashmint.Core.Encoding;
using Hashmint.Core.Tests.Fuzz;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.State;
using Hashmint.Ledger.Tests.Support;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Fuzz;

/// <summary>
/// Random bytes and mutations of real stored records into every ledger decoder: only <see cref="DecodeException"/>
/// may escape, and anything accepted re-encodes to exactly its input.
/// </summary>
public class LedgerDecoderFuzzTests
{
    private static readonly Lazy<Records> Real = new(Records.FromAMinedChain);

    private sealed record Records(List<byte[]> Undo, List<byte[]> Entries, List<byte[]> Accounts, List<byte[]> Payouts)
    {
        public static Records FromAMinedChain()
        {
            using var node = new TestNode();
            node.MineMany(3, 1);
            node.Mine(2, TestKeys.Transfer(1, 3, 1_000_000, nonce: 0), TestKeys.Transfer(1, 4, 2_000_000, nonce: 1));
            node.Mine(3);
            var undo = new List<byte[]>();
            for (uint h = 1; h <= node.Tip.Height; h++) undo.Add(node.Chain.Blocks.ReadUndo(node.Chain.MainChainAt(h)!.Hash)!);
            var entries = node.Store.Iterate(LedgerColumns.Headers, []).Select(kv => kv.Value).ToList();
            var state = StateInspector.All(node.Store);
            var accounts = state.Where(kv => kv.Key[0] == StateKeys.AccountPrefix).Select(kv => kv.Value).ToList();
            var payouts = state.Where(kv => kv.Key[0] == StateKeys.PendingPayoutsPrefix).Select(kv => kv.Value).ToList();
            payouts.Add(PayoutListCodec.Encode([new(TestKeys.Id(5), new(7)), new(TestKeys.Id(6), new(ulong.MaxValue))]));
            return new Records(undo, entries, accounts, payouts);
        }
    }

    [Fact]
    public void UndoRecordDecode()
    {
        Assert.NotEmpty(Real.Value.Undo);
        var result = DecoderFuzzer.Run(Real.Value.Undo, b => UndoRecord.Decode(b).Encode(), typeof(DecodeException),
            mutations: 15_000, randomInputs: 3_000, randomMaxLength: 300, seed: 11);
        Assert.True(result.Accepted > 200, $"only {result.Accepted} mutated undo records decoded");
    }

    [Fact]
    public void ChainEntryDecode()
    {
        Assert.True(Real.Value.Entries.Count >= 6);
        var result = DecoderFuzzer.Run(Real.Value.Entries, b =>
        {
            var (header, height, root, status, work) = ChainEntry.Decode(b);
            return new ChainEntry(header, height, work, null, root, status).Encode();
        }, typeof(DecodeException), mutations: 15_000, randomInputs: 3_000, randomMaxLength: 200, seed: 12);
        Assert.True(result.Accepted > 200, $"only {result.Accepted} mutated entries decoded");
    }

    [Fact]
    public void AccountStateDecode()
    {
        Assert.NotEmpty(Real.Value.Accounts);
        var result = DecoderFuzzer.Run(Real.Value.Accounts, b => AccountState.Decode(b).Encode(), typeof(DecodeException),
            mutations: 10_000, randomInputs: 2_000, randomMaxLength: 40, seed: 13);
        Assert.True(result.Accepted > 200);
    }

    [Fact]
    public void PayoutListDecode()
    {
        var result = DecoderFuzzer.Run(Real.Value.Payouts, b => PayoutListCodec.Encode(PayoutListCodec.Decode(b)), typeof(DecodeException),
            mutations: 10_000, randomInputs: 2_000, randomMaxLength: 200, seed: 14);
        Assert.True(result.Accepted > 200);
    }
}

using System.Buffers.Binary;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Blocks;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Facade;

/// <summary>
/// The registry is the only place that knows the operations: a new operation and a new end-of-block hook are a file
/// each and a line in a table, and decoding, the mempool, block validation, undo and descriptions all follow.
/// </summary>
public sealed class OperationRegistryTests
{
    /// <summary>A test operation: adds a note count to the sender ('z' | sender → u64), paying nothing.</summary>
    private sealed record NoteOperation(ushort Count) : Operation
    {
        public const byte Code = 0xF0;
        public override byte Type => Code;
        public override void WritePayload(ByteWriter w) => w.U16(Count);
    }

    private sealed class NoteHandler : OperationHandler<NoteOperation>
    {
        public override byte Type => NoteOperation.Code;
        public override string Name => "note";
        public override NoteOperation Read(ref SpanReader r) => new(r.ReadU16());

        public override void CheckStateless(NoteOperation op, Transaction tx, ChainParams network)
        {
            if (op.Count == 0) throw new RejectedException("zero-note", "a note counts at least one");
        }

        public override void Apply(NoteOperation op, OperationContext context)
        {
            var key = NoteKey(context.Sender);
            ulong now = context.State.Get(key) is { } b ? BinaryPrimitives.ReadUInt64LittleEndian(b) : 0;
            var value = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(value, now + op.Count);
            context.State.Set(key, value);
        }

        public override OperationDescription Describe(NoteOperation op, DescribeContext context) =>
            new(Name, $"note {op.Count}", new Dictionary<string, string> { ["count"] = op.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>An end-of-block hook: counts blocks under 'y'.</summary>
    private sealed class BlockCountHook : IBlockHook
    {
        public BlockHookStage Stage => BlockHookStage.AfterTransactions;

        public void Run(BlockContext context)
        {
            byte[] key = [(byte)'y'];
            ulong n = context.State.Get(key) is { } b ? BinaryPrimitives.ReadUInt64LittleEndian(b) : 0;
            var value = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(value, n + 1);
            context.State.Set(key, value);
        }
    }

    private static byte[] NoteKey(AccountId sender) => [(byte)'z', .. sender.ToArray()];

    private static OperationRegistry Extended() =>
        new([.. OperationRegistry.Default.Handlers, new NoteHandler()], [new MaturedPayoutsHook(), new BlockNftHook(), new BlockCountHook()]);

    private static ulong Read(TestNode node, byte[] key) =>
        node.Ledger.ReadState(v => v.Get(key)) is { } b ? BinaryPrimitives.ReadUInt64LittleEndian(b) : 0;

    [Fact]
    public void ANewOperationAndHookRunThroughTheWholeLedger()
    {
        using var node = new TestNode(operations: Extended());
        node.MineMany(2, 1);
        var tx = Transaction.CreateSigned(node.Params.ChainId, TestKeys.Secret(1), 0, new Amount(1_000), 0, [new NoteOperation(5), new NoteOperation(2)]);
        node.AddToMempool(tx);                                                        // mempool: stateless checks and execution
        var block = node.Mine(2);
        Assert.Contains(tx.Id, block.Transactions.Select(t => t.Id));
        Assert.Equal(7UL, Read(node, NoteKey(TestKeys.Id(1))));
        Assert.Equal(3UL, Read(node, [(byte)'y']));                                    // the hook ran in every block
        var decoded = node.Ledger.Operations.DecodeBlock(block.Encode());              // the registry decodes it
        Assert.Equal(tx.Id, decoded.Transactions.Single().Id);
        Assert.Equal("note 5", node.Ledger.Operations.Describe(decoded.Transactions[0].Operations[0], new DescribeContext("rm")).Summary);
        Assert.Equal("zero-note", Assert.Throws<RejectedException>(() => node.AddToMempool(
            Transaction.CreateSigned(node.Params.ChainId, TestKeys.Secret(1), 1, new Amount(1_000), 0, [new NoteOperation(0)]))).Rejection.Code);
        StateInspector.AssertSupplyInvariant(node);
    }

    [Fact]
    public void ANewOperationIsUndoneByAReorganisation()
    {
        using var node = new TestNode(operations: Extended());
        using var rival = new TestNode(operations: Extended(), clock: node.Clock);
        foreach (var b in node.MineMany(2, 1)) rival.Submit(b);
        var rootBefore = node.Tip.StateRoot;
        node.Mine(2, Transaction.CreateSigned(node.Params.ChainId, TestKeys.Secret(1), 0, new Amount(1_000), 0, [new NoteOperation(9)]));
        Assert.Equal(9UL, Read(node, NoteKey(TestKeys.Id(1))));
        node.SubmitAll(rival.MineMany(2, 3));
        Assert.Equal(rival.Tip.Hash, node.Tip.Hash);
        Assert.Equal(0UL, Read(node, NoteKey(TestKeys.Id(1))));
        Assert.Equal(rival.Tip.StateRoot, node.Tip.StateRoot);
        Assert.NotEqual(rootBefore, node.Tip.StateRoot);
        // The transaction went back to the mempool and still applies on the new branch.
        Assert.Equal(1, node.Mempool.Count);
    }

    [Fact]
    public void TheDefaultChainDoesNotKnowTheTestOperation()
    {
        var tx = Transaction.CreateSigned(ChainParams.Regtest.ChainId, TestKeys.Secret(1), 0, new Amount(1_000), 0, [new NoteOperation(1)]);
        var e = Assert.Throws<DecodeException>(() => OperationRegistry.Default.DecodeTransaction(tx.Encoded));
        Assert.Contains("unknown operation type 240", e.Message);
        Assert.Equal(RejectCodes.Malformed, Assert.Throws<RejectedException>(() => OperationRegistry.Default.For(tx.Operations[0])).Rejection.Code);
    }

    [Fact]
    public void TypesAndNamesAreUnique()
    {
        var handlers = OperationRegistry.Default.Handlers;
        Assert.Equal(handlers.Count, handlers.Select(h => h.Type).Distinct().Count());
        Assert.Equal(handlers.Count, handlers.Select(h => h.Name).Distinct().Count());
        Assert.Throws<ArgumentException>(() => new OperationRegistry([.. handlers, new TransferHandler()], []));
        // Each handler's type byte is its record's: what a record writes, its handler reads.
        foreach (var h in handlers) Assert.Same(h, OperationRegistry.Default.ForType(h.Type));
    }
}

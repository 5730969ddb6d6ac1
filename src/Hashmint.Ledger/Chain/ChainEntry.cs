using System.Numerics;
using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Chain;

public enum BlockStatus : byte
{
    /// <summary>Header and block stored; the block has not been connected yet.</summary>
    Stored = 1,
    /// <summary>Connected once: its transactions and state root were verified.</summary>
    Valid = 2,
    /// <summary>Failed validation, or descends from a block that did.</summary>
    Invalid = 3,
    /// <summary>Only the header is known (headers-first sync): checked, its body not yet received.</summary>
    HeaderOnly = 4,
}

/// <summary>One node of the in-memory block tree: header, height, cumulative work and validation status.</summary>
internal sealed class ChainEntry(BlockHeader header, uint height, BigInteger chainWork, ChainEntry? parent, Hash256 stateRoot, BlockStatus status)
{
    public BlockHeader Header { get; } = header;
    public Hash256 Hash { get; } = header.Hash;
    public uint Height { get; } = height;
    public BigInteger ChainWork { get; } = chainWork;
    public ChainEntry? Parent { get; } = parent;
    /// <summary>The post-state root its coinbase commits to (zero while only the header is known).</summary>
    public Hash256 StateRoot { get; set; } = stateRoot;
    public BlockStatus Status { get; set; } = status;
    /// <summary>This block and every ancestor have their bodies, so the branch up to here can be connected.</summary>
    public bool DataComplete { get; set; } = status != BlockStatus.HeaderOnly && (parent is null || parent.DataComplete);
    /// <summary>
    /// Known to descend from a snapshot node's floor block (never true otherwise): a fact about the branch that no
    /// reorganisation changes, so the walk that finds it is done once per entry (memory only; found again after a restart).
    /// </summary>
    public bool DescendsFromFloor { get; set; }
    /// <summary>The block at height 1 of this branch: the ASERT anchor, kept so finding it costs nothing.</summary>
    public ChainEntry? Anchor { get; } = height == 1 ? null : parent?.Anchor ?? (parent?.Height == 1 ? parent : null);

    public ChainEntry? Ancestor(uint height)
    {
        var e = this;
        while (e is not null && e.Height > height) e = e.Parent;
        return e is not null && e.Height == height ? e : null;
    }

    /// <summary>Median time of this block and its 10 predecessors (Bitcoin's rule).</summary>
    public uint MedianTimePast()
    {
        Span<uint> times = stackalloc uint[11];
        int n = 0;
        for (var e = this; e is not null && n < 11; e = e.Parent) times[n++] = e.Header.Time;
        var slice = times[..n];
        slice.Sort();
        return slice[n / 2];
    }

    /// <summary>Stored form: header 80 | height u32 | state root 32 | status u8 | varbytes chain work.</summary>
    public byte[] Encode()
    {
        var w = new ByteWriter(160).Bytes(Header.ToBytes()).U32(Height).Hash(StateRoot).U8((byte)Status);
        return w.VarBytes(ChainWork.ToByteArray(isUnsigned: true, isBigEndian: false)).ToArray();
    }

    public static (BlockHeader Header, uint Height, Hash256 StateRoot, BlockStatus Status, BigInteger Work) Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var header = BlockHeader.Read(ref r);
        uint height = r.ReadU32();
        var root = r.ReadHash();
        var status = (BlockStatus)r.ReadU8();
        if (!Enum.IsDefined(status)) throw new DecodeException($"unknown block status {(byte)status}");
        var workBytes = r.ReadVarBytes(64, "chain work");
        var work = new BigInteger(workBytes, isUnsigned: true, isBigEndian: false);
        if (!workBytes.SequenceEqual(work.ToByteArray(isUnsigned: true, isBigEndian: false)))
            throw new DecodeException("chain work is not minimally encoded");
        r.EnsureEnd();
        return (header, height, root, status, work);
    }
}

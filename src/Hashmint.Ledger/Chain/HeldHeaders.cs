using System.Numerics;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// A branch of headers that passed every header rule but was not stored: it ends with less work than the chain this
/// node knows (<see cref="ChainManager.ProcessHeadersWithEnoughWork"/>). The caller keeps it per peer and passes it in
/// again with the headers that continue it; it holds no lock and no database handle.
/// </summary>
public sealed class HeldHeaders
{
    internal HeldHeaders(IReadOnlyList<ChainEntry> entries, BigInteger workShort)
    {
        Entries = entries;
        WorkShort = workShort;
    }

    internal IReadOnlyList<ChainEntry> Entries { get; }
    internal ChainEntry Tip => Entries[^1];

    /// <summary>How many headers are held.</summary>
    public int Count => Entries.Count;

    /// <summary>The last held header's hash: the place to ask the peer to continue from.</summary>
    public Hash256 TipHash => Tip.Hash;

    /// <summary>The last held header's height.</summary>
    public uint TipHeight => Tip.Height;

    /// <summary>The chain work at the last held header (what the branch would bring if stored).</summary>
    public BigInteger TipWork => Tip.ChainWork;

    /// <summary>How much more work the branch needs before it is stored.</summary>
    public BigInteger WorkShort { get; }
}

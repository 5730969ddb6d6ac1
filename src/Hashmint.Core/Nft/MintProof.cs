using System.Numerics;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;

namespace Hashmint.Core.Nft;

/// <summary>
/// Proof-of-work minting. A mint header has the block header's 80-byte layout:
/// version | collection's last mint hash | commitment | time | collection bits | nonce, and commitment =
/// SHA256d(preimage) with preimage = "HMNT" | chain id u32 | u8 length | collection id | minter 32 | extranonce (0..32).
/// That is what a Stratum miner computes for a job whose coinbase is the preimage and whose Merkle branch is
/// empty, so stock SHA-256d miners can mine NFTs, and the minter is fixed by the work itself.
/// </summary>
public static class MintProof
{
    public const int HeaderSize = 80;
    public const int MaxExtranonceBytes = 32;
    public static ReadOnlySpan<byte> Tag => "HMNT"u8;

    /// <summary>The easiest target a collection's mints may have: initial bits above it are refused, the retarget clamps to it.</summary>
    public const uint LimitBits = 0x207fffff;
    public static BigInteger LimitTarget { get; } = Consensus.CompactTarget.ToTarget(LimitBits)!.Value;

    public static byte[] PreimagePrefix(uint chainId, string collection, AccountId minter)
    {
        var id = System.Text.Encoding.UTF8.GetBytes(collection);
        return new ByteWriter(64).Bytes(Tag).U32(chainId).U8((byte)id.Length).Bytes(id).Hash(minter.Key).ToArray();
    }

    public static Hash256 Commitment(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> extranonce)
    {
        var preimage = new byte[prefix.Length + extranonce.Length];
        prefix.CopyTo(preimage);
        extranonce.CopyTo(preimage.AsSpan(prefix.Length));
        return new Hash256(Sha256d.Hash(preimage));
    }

    /// <summary>The "previous mint" of a collection that has none yet.</summary>
    public static Hash256 GenesisMintHash(string collection) =>
        new(TaggedHash.Hash("Hashmint/collection", System.Text.Encoding.UTF8.GetBytes(collection)));

    /// <summary>Leading zero bits of a hash read as a 256-bit little-endian number (the way targets compare).</summary>
    public static int LeadingZeroBits(Hash256 hash)
    {
        Span<byte> b = stackalloc byte[32];
        hash.CopyTo(b);
        int zeros = 0;
        for (int i = 31; i >= 0; i--)
        {
            if (b[i] == 0) { zeros += 8; continue; }
            return zeros + BitOperations.LeadingZeroCount((uint)b[i]) - 24;
        }
        return 256;
    }

    public static int LeadingZeroBits(BigInteger target) => 256 - (int)target.GetBitLength();

    /// <summary>
    /// Rarity: the work's luck, as the number of times the target could have been halved with the hash still meeting
    /// it (0 for a hash above the target). Under a target whose mantissa is all ones this is the number of leading
    /// zero bits beyond the target's; under any target each step up halves the odds. (A plain count of extra zero bits
    /// would not: under a target just above a power of two, such as 0x1e020000, no hash would ever be common.)
    /// </summary>
    public static int Rarity(Hash256 hash, BigInteger target)
    {
        var value = new BigInteger(hash.ToArray(), isUnsigned: true, isBigEndian: false);
        if (target.Sign <= 0 || value > target) return 0;
        // target >> k has the bit length of the hash: it is either at least the hash (rarity k) or below it (k - 1).
        int k = (int)(target.GetBitLength() - value.GetBitLength());
        return (target >> k) >= value ? k : k - 1;
    }

    public static string TierName(int rarity) => rarity switch
    {
        0 => "common",
        1 => "uncommon",
        2 => "rare",
        3 => "epic",
        4 => "legendary",
        _ => "mythic",
    };
}

using System.Buffers.Binary;

namespace Hashmint.Mining.Tests.Support;

/// <summary>A published Bitcoin block header, fields as block explorers show them (hashes in display order).</summary>
public sealed record KnownBlock(
    string Name, uint Version, string PreviousHash, string MerkleRoot, uint Time, uint Bits, uint Nonce, string Hash)
{
    /// <summary>The 80-byte header as hashed: little-endian integers, hashes in internal (reversed) order.</summary>
    public byte[] Header()
    {
        byte[] header = new byte[BlockHeaderLayout.HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(BlockHeaderLayout.VersionOffset), Version);
        DisplayHex.ToInternalOrder(PreviousHash).CopyTo(header, BlockHeaderLayout.PreviousHashOffset);
        DisplayHex.ToInternalOrder(MerkleRoot).CopyTo(header, BlockHeaderLayout.MerkleRootOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(BlockHeaderLayout.TimeOffset), Time);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(BlockHeaderLayout.BitsOffset), Bits);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(BlockHeaderLayout.NonceOffset), Nonce);
        return header;
    }

    public byte[] Target() => CompactTarget.ToLittleEndian(Bits);

    public override string ToString() => Name;
}

public static class KnownBlocks
{
    public static readonly KnownBlock Genesis = new("genesis", 1,
        "0000000000000000000000000000000000000000000000000000000000000000",
        "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        1231006505, 0x1d00ffff, 2083236893,
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");

    public static readonly KnownBlock Block1 = new("block 1", 1,
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
        "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
        1231469665, 0x1d00ffff, 2573394689,
        "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048");

    public static readonly KnownBlock Block100000 = new("block 100000", 1,
        "000000000002d01c1fccc21636b607dfd930d31d01c3a62104612a1719011250",
        "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766",
        1293623863, 0x1b04864c, 274148111,
        "000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506");

    /// <summary>The worked example of the Bitcoin wiki's "Block hashing algorithm" page.</summary>
    public static readonly KnownBlock Block125552 = new("block 125552", 1,
        "00000000000008a3a41b85b8b29ad444def299fee21793cd8b9e567eab02cd81",
        "2b12fcf1b09288fcaff797d71e950e71ae42b91e8bdb2304758dfcffc2b620e3",
        1305998791, 0x1a44b9f2, 2504433986,
        "00000000000000001e8d6829a8a21adc5d38d0a473b144b6765798e61f98bd1d");

    /// <summary>A 2024 block: version-rolling bits set, nineteen leading zero hex digits.</summary>
    public static readonly KnownBlock Block839900 = new("block 839900", 0x2a966000,
        "000000000000000000015d7eee767c24abd355f70fb382d2ef47398610439ba3",
        "088083f58ddef995494fec492880da49e3463cc73dee1306dbdf6cf3af77454c",
        1713511391, 0x17034219, 3529540887,
        "000000000000000000023dfafae2b6e6b5ecf9d1365fafa075dec49625721f37");

    public static readonly IReadOnlyList<KnownBlock> All = [Genesis, Block1, Block100000, Block125552, Block839900];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (KnownBlock block in All)
            names.Add(block.Name);
        return names;
    }

    public static KnownBlock Named(string name) => All.Single(block => block.Name == name);
}

using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;

namespace Hashmint.Core.Transactions;

/// <summary>
/// A signed account transaction. Encoding (docs/PROTOCOL.md): kind 0x01 | version u8 | chain id u32 | sender 32 |
/// nonce u64 | fee u64 | expiry height u32 (0 = none) | varint op count | ops | signature 64.
/// The signature is BIP-340 over TaggedHash("Hashmint/tx", every byte before it).
/// </summary>
public sealed class Transaction(byte version, uint chainId, AccountId sender, ulong nonce, Amount fee, uint expiryHeight,
    IReadOnlyList<Operation> operations, byte[] signature) : IBlockTransaction
{
    public byte Version { get; } = version;
    public uint ChainId { get; } = chainId;
    public AccountId Sender { get; } = sender;
    public ulong Nonce { get; } = nonce;
    public Amount Fee { get; } = fee;
    /// <summary>Last height at which the transaction may be included; 0 means it never expires.</summary>
    public uint ExpiryHeight { get; } = expiryHeight;
    public IReadOnlyList<Operation> Operations { get; } = operations;
    public byte[] Signature { get; } = signature;

    public const byte Kind = 0x01;
    public const byte CurrentVersion = 1;
    public const int MaxOperations = 64;
    public const int SignatureSize = 64;
    public const string SigningTag = "Hashmint/tx";

    private byte[]? _encoded;
    private Hash256? _txid;

    /// <summary>The canonical bytes; cached, since a transaction never changes.</summary>
    public byte[] Encoded => _encoded ??= Encode();
    public Hash256 Id => _txid ??= new Hash256(Sha256d.Hash(Encoded));
    public int Size => Encoded.Length;
    public bool IsCoinbase => false;

    public byte[] SigningHash() => TaggedHash.Hash(SigningTag, Encoded.AsSpan(0, Encoded.Length - SignatureSize));

    private byte[] Encode()
    {
        var w = new ByteWriter(128);
        WriteUnsigned(w, Version, ChainId, Sender, Nonce, Fee, ExpiryHeight, Operations);
        w.Bytes(Signature);
        return w.ToArray();
    }

    private static void WriteUnsigned(ByteWriter w, byte version, uint chainId, AccountId sender, ulong nonce, Amount fee, uint expiry, IReadOnlyList<Operation> ops)
    {
        w.U8(Kind).U8(version).U32(chainId).Hash(sender.Key).U64(nonce).U64(fee.Units).U32(expiry).VarInt((ulong)ops.Count);
        foreach (var op in ops) op.Write(w);
    }

    /// <summary>Builds and signs a transaction with the sender's secret key.</summary>
    public static Transaction CreateSigned(uint chainId, ReadOnlySpan<byte> secretKey, ulong nonce, Amount fee, uint expiryHeight, IReadOnlyList<Operation> ops)
    {
        var sender = new AccountId(Schnorr.GetXOnlyPublicKey(secretKey));
        var w = new ByteWriter(128);
        WriteUnsigned(w, CurrentVersion, chainId, sender, nonce, fee, expiryHeight, ops);
        var digest = TaggedHash.Hash(SigningTag, w.WrittenSpan);
        var sig = Schnorr.Sign(digest, secretKey);
        return new Transaction(CurrentVersion, chainId, sender, nonce, fee, expiryHeight, ops, sig);
    }

    /// <summary>Signs with a fee of <paramref name="unitsPerByte"/> times the transaction's own encoded size.</summary>
    public static Transaction CreateSignedPayingPerByte(uint chainId, ReadOnlySpan<byte> secretKey, ulong nonce, ulong unitsPerByte, uint expiryHeight, IReadOnlyList<Operation> ops)
    {
        // The fee field is fixed-width, so a draft with any fee has the final size.
        var draft = CreateSigned(chainId, secretKey, nonce, new Amount(1), expiryHeight, ops);
        return CreateSigned(chainId, secretKey, nonce, new Amount(checked((ulong)draft.Size * unitsPerByte)), expiryHeight, ops);
    }

    public bool VerifySignature() => Schnorr.Verify(Signature, SigningHash(), Sender.ToArray());

    /// <summary>Reads the body after the kind byte.</summary>
    internal static Transaction ReadBody(ref SpanReader r, int start, ReadOnlySpan<byte> whole, IOperationCodec operations)
    {
        byte version = r.ReadU8();
        if (version != CurrentVersion) throw new DecodeException($"unsupported transaction version {version}");
        uint chainId = r.ReadU32();
        var sender = new AccountId(r.ReadHash());
        ulong nonce = r.ReadU64();
        var fee = new Amount(r.ReadU64());
        uint expiry = r.ReadU32();
        int count = r.ReadLength(MaxOperations, "operation count");
        if (count == 0) throw new DecodeException("a transaction needs at least one operation");
        var ops = new Operation[count];
        for (int i = 0; i < count; i++) ops[i] = operations.ReadOperation(ref r);
        var sig = r.ReadBytes(SignatureSize).ToArray();
        var tx = new Transaction(version, chainId, sender, nonce, fee, expiry, ops, sig);
        // Keep the exact bytes read; re-encoding must give the same bytes (canonical form).
        var original = whole[start..r.Position];
        if (!original.SequenceEqual(tx.Encoded)) throw new DecodeException("non-canonical transaction encoding");
        return tx;
    }
}

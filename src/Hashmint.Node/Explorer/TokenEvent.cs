using System.Text;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Node.Explorer;

public enum TokenEventKind : byte { Mint = 0, Transfer = 1, Burn = 2 }

/// <summary>
/// A change of a token's owner in a main-chain block: minted (From none), moved, or burned (To none); the transaction
/// and operation that did it, or none (<see cref="TxId"/> zero, <see cref="Position"/> 0) when a block hook did it
/// (block NFTs, later settlements). Encoding: u8 kind | from 32 | to 32 | txid 32 | position u32 | u8 length | operation name.
/// </summary>
public sealed record TokenEvent(TokenEventKind Kind, AccountId From, AccountId To, Hash256 TxId, uint Position, string Operation)
{
    public uint Height { get; init; }

    public byte[] Encode()
    {
        var name = Encoding.UTF8.GetBytes(Operation);
        return new ByteWriter(110 + name.Length).U8((byte)Kind).Hash(From.Key).Hash(To.Key).Hash(TxId).U32(Position).U8((byte)name.Length).Bytes(name).ToArray();
    }

    public static TokenEvent Read(ref SpanReader r, uint height)
    {
        var kind = (TokenEventKind)r.ReadU8();
        var from = new AccountId(r.ReadHash());
        var to = new AccountId(r.ReadHash());
        var txid = r.ReadHash();
        uint position = r.ReadU32();
        string op = Encoding.UTF8.GetString(r.ReadBytes(r.ReadU8()));
        return new TokenEvent(kind, from, to, txid, position, op) { Height = height };
    }
}

/// <summary>One event of a collection's activity or of the mint list: which token, and what happened to it.</summary>
public sealed record CollectionEvent(string Collection, ulong TokenId, TokenEvent Event, byte[] Key);

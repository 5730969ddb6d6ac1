using System.Net;
using System.Net.Sockets;
using System.Numerics;
using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Network.Wire;

/// <summary>
/// The version handshake's payload: who the sender is, what chain it follows and how far it has got. Both sides send
/// one first; each answers the other's with a verack.
/// </summary>
public sealed record VersionMessage(uint ProtocolVersion, uint ChainId, Hash256 Genesis, ulong Services, ulong Time, ushort ListenPort,
    ulong Nonce, string UserAgent, uint BestHeight, BigInteger BestWork)
{
    public const uint CurrentProtocol = 1;
    public const uint MinimumProtocol = 1;
    /// <summary>Service bit 0: serves every block of the main chain.</summary>
    public const ulong FullBlocks = 1;
    /// <summary>Service bit 1: takes new blocks as compact blocks (cmpctblock, getblocktxn, blocktxn).</summary>
    public const ulong CompactBlocks = 2;
    /// <summary>Service bit 2: serves the state at its tip in proven chunks (getstate, statechunk).</summary>
    public const ulong StateChunks = 4;

    public byte[] Encode()
    {
        var w = new ByteWriter(128);
        w.U32(ProtocolVersion).U32(ChainId).Hash(Genesis).U64(Services).U64(Time).U16(ListenPort).U64(Nonce).String(UserAgent).U32(BestHeight);
        w.VarBytes(WorkBytes(BestWork));
        return w.ToArray();
    }

    public static VersionMessage Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        var m = new VersionMessage(r.ReadU32(), r.ReadU32(), r.ReadHash(), r.ReadU64(), r.ReadU64(), r.ReadU16(), r.ReadU64(),
            r.ReadString(Commands.MaxUserAgentBytes, "user agent"), r.ReadU32(), ReadWork(ref r));
        r.EnsureEnd();
        return m;
    }

    /// <summary>Unsigned big-endian without leading zero bytes; zero is empty.</summary>
    internal static byte[] WorkBytes(BigInteger work) => work.IsZero ? [] : work.ToByteArray(isUnsigned: true, isBigEndian: true);

    private static BigInteger ReadWork(ref SpanReader r)
    {
        var bytes = r.ReadVarBytes(32, "best work");
        if (bytes.Length > 0 && bytes[0] == 0) throw new DecodeException("best work has a leading zero byte");
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}

/// <summary>ping and pong: an 8-byte nonce the pong repeats.</summary>
public static class PingMessage
{
    public static byte[] Encode(ulong nonce) => new ByteWriter(8).U64(nonce).ToArray();

    public static ulong Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        ulong nonce = r.ReadU64();
        r.EnsureEnd();
        return nonce;
    }
}

/// <summary>Asks for main-chain headers after the first locator hash the receiver has on its main chain, up to <see cref="Stop"/> (zero: up to 2,000).</summary>
public sealed record GetHeadersMessage(IReadOnlyList<Hash256> Locator, Hash256 Stop)
{
    public byte[] Encode()
    {
        var w = new ByteWriter(Locator.Count * 32 + 40).VarInt((ulong)Locator.Count);
        foreach (var h in Locator) w.Hash(h);
        return w.Hash(Stop).ToArray();
    }

    public static GetHeadersMessage Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        int n = r.ReadLength(Commands.MaxLocatorHashes, "locator");
        var locator = new Hash256[n];
        for (int i = 0; i < n; i++) locator[i] = r.ReadHash();
        var stop = r.ReadHash();
        r.EnsureEnd();
        return new GetHeadersMessage(locator, stop);
    }
}

/// <summary>Up to 2,000 consecutive headers, each 80 bytes, oldest first.</summary>
public static class HeadersMessage
{
    public static byte[] Encode(IReadOnlyList<BlockHeader> headers)
    {
        var w = new ByteWriter(headers.Count * BlockHeader.Size + 3).VarInt((ulong)headers.Count);
        Span<byte> b = stackalloc byte[BlockHeader.Size];
        foreach (var h in headers)
        {
            h.WriteTo(b);
            w.Bytes(b);
        }
        return w.ToArray();
    }

    public static IReadOnlyList<BlockHeader> Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        int n = r.ReadLength(Commands.MaxHeadersPerMessage, "headers");
        var headers = new BlockHeader[n];
        for (int i = 0; i < n; i++) headers[i] = BlockHeader.Read(ref r);
        r.EnsureEnd();
        return headers;
    }
}

public enum InventoryType : byte
{
    Transaction = 1,
    Block = 2,
}

public readonly record struct InventoryItem(InventoryType Type, Hash256 Hash)
{
    public const int Size = 33;
}

/// <summary>inv, getdata and notfound: up to 5,000 (type u8, hash 32) entries.</summary>
public static class InventoryMessage
{
    public static byte[] Encode(IReadOnlyList<InventoryItem> items)
    {
        var w = new ByteWriter(items.Count * InventoryItem.Size + 3).VarInt((ulong)items.Count);
        foreach (var i in items) w.U8((byte)i.Type).Hash(i.Hash);
        return w.ToArray();
    }

    public static IReadOnlyList<InventoryItem> Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        int n = r.ReadLength(Commands.MaxInventory, "inventory");
        var items = new InventoryItem[n];
        for (int i = 0; i < n; i++)
        {
            byte type = r.ReadU8();
            if (type is not ((byte)InventoryType.Transaction or (byte)InventoryType.Block)) throw new DecodeException($"unknown inventory type {type}");
            items[i] = new InventoryItem((InventoryType)type, r.ReadHash());
        }
        r.EnsureEnd();
        return items;
    }
}

/// <summary>An address a node can be reached at: last seen (unix seconds), services, IPv6 (IPv4 mapped) 16 bytes, port.</summary>
public sealed record NetAddress(ulong Time, ulong Services, IPEndPoint EndPoint)
{
    public const int Size = 8 + 8 + 16 + 2;

    public void Write(ByteWriter w)
    {
        var ip = EndPoint.Address.AddressFamily == AddressFamily.InterNetwork ? EndPoint.Address.MapToIPv6() : EndPoint.Address;
        w.U64(Time).U64(Services).Bytes(ip.GetAddressBytes()).U16((ushort)EndPoint.Port);
    }

    public static NetAddress Read(ref SpanReader r)
    {
        ulong time = r.ReadU64();
        ulong services = r.ReadU64();
        var ip = new IPAddress(r.ReadBytes(16));
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        ushort port = r.ReadU16();
        if (port == 0) throw new DecodeException("address with port 0");
        return new NetAddress(time, services, new IPEndPoint(ip, port));
    }
}

public static class AddrMessage
{
    public static byte[] Encode(IReadOnlyList<NetAddress> addresses)
    {
        var w = new ByteWriter(addresses.Count * NetAddress.Size + 3).VarInt((ulong)addresses.Count);
        foreach (var a in addresses) a.Write(w);
        return w.ToArray();
    }

    public static IReadOnlyList<NetAddress> Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        int n = r.ReadLength(Commands.MaxAddresses, "addresses");
        var list = new NetAddress[n];
        for (int i = 0; i < n; i++) list[i] = NetAddress.Read(ref r);
        r.EnsureEnd();
        return list;
    }
}

/// <summary>Messages with an empty payload (verack, getaddr) must be empty.</summary>
public static class EmptyMessage
{
    public static void Check(string command, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 0) throw new DecodeException($"'{command}' carries no payload, got {payload.Length} bytes");
    }
}

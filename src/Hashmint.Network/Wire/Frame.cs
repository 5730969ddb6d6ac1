using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Hashmint.Crypto;

namespace Hashmint.Network.Wire;

/// <summary>
/// One frame on the wire: <c>magic u32 | command 12 | length u32 | checksum 4 | payload</c> (docs/NETWORK.md).
/// The magic is the network's chain id; the command is lowercase ASCII padded with zero bytes; the length is capped
/// per command before a byte of the payload is buffered; the checksum is the first 4 bytes of SHA256d(payload).
/// </summary>
public static class Frame
{
    public const int HeaderSize = 24;
    public const int CommandSize = 12;

    /// <summary>Writes a whole frame for <paramref name="command"/> with <paramref name="payload"/>.</summary>
    public static byte[] Build(uint magic, string command, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        WriteHeader(frame, magic, command, payload);
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    public static void WriteHeader(Span<byte> header, uint magic, string command, ReadOnlySpan<byte> payload)
    {
        if (command.Length is 0 or > CommandSize) throw new ArgumentException($"command '{command}' must be 1..{CommandSize} characters");
        BinaryPrimitives.WriteUInt32LittleEndian(header, magic);
        header.Slice(4, CommandSize).Clear();
        Encoding.ASCII.GetBytes(command, header.Slice(4, CommandSize));
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)payload.Length);
        Span<byte> digest = stackalloc byte[32];
        Sha256d.Hash(payload, digest);
        digest[..4].CopyTo(header[20..]);
    }

    /// <summary>
    /// Reads one frame from the front of <paramref name="buffer"/> when it is all there. The header is judged as soon
    /// as its 24 bytes are in: wrong magic, a command that is not known or not canonical, a length over the command's
    /// cap are refused before any payload is waited for.
    /// </summary>
    /// <exception cref="MisbehaviourException">what was wrong, with its ban reason.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, uint magic, out string command, out byte[] payload)
    {
        command = "";
        payload = [];
        if (buffer.Length < HeaderSize) return false;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        uint gotMagic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (gotMagic != magic)
            throw new MisbehaviourException(BanReasons.BadMagic, $"frame magic {gotMagic:x8}, this network's is {magic:x8}");
        command = ReadCommand(header.Slice(4, CommandSize));
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        int cap = Commands.MaxPayload(command);
        if (length > cap)
            throw new MisbehaviourException(BanReasons.OversizedFrame, $"'{command}' frame of {length} bytes, at most {cap}");
        if (buffer.Length < HeaderSize + length) return false;
        payload = buffer.Slice(HeaderSize, length).ToArray();
        Span<byte> digest = stackalloc byte[32];
        Sha256d.Hash(payload, digest);
        if (!digest[..4].SequenceEqual(header.Slice(20, 4)))
            throw new MisbehaviourException(BanReasons.BadChecksum, $"'{command}' frame checksum {Convert.ToHexStringLower(header.Slice(20, 4))} does not match its payload");
        buffer = buffer.Slice(HeaderSize + length);
        return true;
    }

    /// <summary>Lowercase letters and digits, then zero bytes only; the command must be one of <see cref="Commands"/>.</summary>
    private static string ReadCommand(ReadOnlySpan<byte> raw)
    {
        int end = raw.IndexOf((byte)0);
        if (end < 0) end = raw.Length;
        bool canonical = end > 0;
        for (int i = 0; i < end && canonical; i++) canonical = raw[i] is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9';
        for (int i = end; i < raw.Length && canonical; i++) canonical = raw[i] == 0;
        if (!canonical) throw new MisbehaviourException(BanReasons.UnknownCommand, $"command bytes {Convert.ToHexStringLower(raw)} are not a canonical command");
        string command = Encoding.ASCII.GetString(raw[..end]);
        if (!Commands.IsKnown(command)) throw new MisbehaviourException(BanReasons.UnknownCommand, $"unknown command '{command}'");
        return command;
    }
}

/// <summary>The commands of protocol version 1 and the payload cap of each (docs/NETWORK.md, "Messages").</summary>
public static class Commands
{
    public const string Version = "version";
    public const string Verack = "verack";
    public const string Ping = "ping";
    public const string Pong = "pong";
    public const string GetHeaders = "getheaders";
    public const string Headers = "headers";
    public const string Inv = "inv";
    public const string GetData = "getdata";
    public const string NotFound = "notfound";
    public const string Block = "block";
    public const string Tx = "tx";
    public const string GetAddr = "getaddr";
    public const string Addr = "addr";
    public const string CompactBlock = "cmpctblock";
    public const string GetBlockTransactions = "getblocktxn";
    public const string BlockTransactions = "blocktxn";
    public const string GetState = "getstate";
    public const string StateChunk = "statechunk";

    public const int MaxHeadersPerMessage = 2000;
    public const int MaxLocatorHashes = 101;
    public const int MaxInventory = 5000;
    public const int MaxAddresses = 1000;
    public const int MaxUserAgentBytes = 256;
    /// <summary>A relayed transaction, as at the API.</summary>
    public const int MaxTransactionBytes = 100_000;
    /// <summary>The consensus limit of every network (ChainParams.MaxBlockBytes).</summary>
    public const int MaxBlockBytes = 2 * 1024 * 1024;

    private static readonly Dictionary<string, int> Caps = new(StringComparer.Ordinal)
    {
        [Version] = 512,
        [Verack] = 0,
        [Ping] = 8,
        [Pong] = 8,
        [GetHeaders] = 3 + MaxLocatorHashes * 32 + 32,
        [Headers] = 3 + MaxHeadersPerMessage * 80,
        [Inv] = 3 + MaxInventory * 33,
        [GetData] = 3 + MaxInventory * 33,
        [NotFound] = 3 + MaxInventory * 33,
        [Block] = MaxBlockBytes,
        [Tx] = MaxTransactionBytes,
        [GetAddr] = 0,
        [Addr] = 3 + MaxAddresses * NetAddress.Size,
        [CompactBlock] = MaxBlockBytes,
        [GetBlockTransactions] = 32 + 3 + CompactBlockMessage.MaxTransactions * 3,
        [BlockTransactions] = MaxBlockBytes,
        [GetState] = GetStateMessage.Size,
        [StateChunk] = StateChunkMessage.MaxBytes,
    };

    public static IReadOnlyDictionary<string, int> All => Caps;
    public static bool IsKnown(string command) => Caps.ContainsKey(command);
    public static int MaxPayload(string command) => Caps[command];
}

/// <summary>A peer broke the protocol: the connection ends and its address is banned with this reason.</summary>
public sealed class MisbehaviourException(string reason, string detail) : Exception($"{reason}: {detail}")
{
    public string Reason { get; } = reason;
    public string Detail { get; } = detail;
}

/// <summary>Why a peer was banned (docs/NETWORK.md, "Misbehaviour"): stable codes, shown with a sentence.</summary>
public static class BanReasons
{
    public const string BadMagic = "bad-magic";
    public const string UnknownCommand = "unknown-command";
    public const string OversizedFrame = "oversized-frame";
    public const string BadChecksum = "bad-checksum";
    public const string MalformedMessage = "malformed-message";
    public const string ProtocolViolation = "protocol-violation";
    public const string InvalidHeader = "invalid-header";
    public const string InvalidBlock = "invalid-block";
    public const string InvalidTransaction = "invalid-transaction";
    public const string Flood = "flood";
    public const string InvalidStateChunk = "invalid-state-chunk";

    public static IReadOnlyList<string> All { get; } =
        [BadMagic, UnknownCommand, OversizedFrame, BadChecksum, MalformedMessage, ProtocolViolation, InvalidHeader, InvalidBlock, InvalidTransaction, Flood, InvalidStateChunk];
}

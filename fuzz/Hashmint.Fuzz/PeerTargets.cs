using System.Buffers;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Ledger.Operations;
using Hashmint.Network;
using Hashmint.Network.Wire;

namespace Hashmint.Fuzz;

/// <summary>
/// The peer-to-peer wire (docs/NETWORK.md): every message payload decoder, and whole frames as a peer's socket delivers
/// them (header checks, then the payload decoded by its command, as Peer and NetworkService do).
/// </summary>
public static class PeerTargets
{
    /// <summary>The magic of the frames under fuzz: the regtest chain id, as a regtest node's peers send.</summary>
    public static uint Magic => ChainParams.Regtest.ChainId;

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        FuzzTargets.Codec("peer-version", "VersionMessage.Decode (version payload)", b => VersionMessage.Decode(b), m => m.Encode()),
        FuzzTargets.Codec("peer-getheaders", "GetHeadersMessage.Decode (getheaders payload)", b => GetHeadersMessage.Decode(b), m => m.Encode()),
        FuzzTargets.Codec("peer-headers", "HeadersMessage.Decode (headers payload)", b => HeadersMessage.Decode(b), HeadersMessage.Encode),
        FuzzTargets.Codec("peer-inv", "InventoryMessage.Decode (inv, getdata, notfound payloads)", b => InventoryMessage.Decode(b), InventoryMessage.Encode),
        FuzzTargets.Codec("peer-addr", "AddrMessage.Decode (addr payload)", b => AddrMessage.Decode(b), AddrMessage.Encode),
        FuzzTargets.Codec("peer-cmpctblock", "CompactBlockMessage.Decode (cmpctblock payload, operations through the registry)",
            b => CompactBlockMessage.Decode(b, OperationRegistry.Default), m => m.Encode(), m => _ = m.TransactionCount),
        FuzzTargets.Codec("peer-getblocktxn", "GetBlockTransactionsMessage.Decode (getblocktxn payload)", b => GetBlockTransactionsMessage.Decode(b), m => m.Encode()),
        FuzzTargets.Codec("peer-blocktxn", "BlockTransactionsMessage.Decode (blocktxn payload)", b => BlockTransactionsMessage.Decode(b, OperationRegistry.Default), m => m.Encode()),
        FuzzTargets.Codec("peer-getstate", "GetStateMessage.Decode (getstate payload: a state chunk by tree path)", b => GetStateMessage.Decode(b), m => m.Encode()),
        FuzzTargets.Codec("peer-statechunk", "StateChunkMessage.Decode (statechunk payload: a chunk's pairs and its proof)", b => StateChunkMessage.Decode(b), m => m.Encode()),
        new("peer-frame", "Frame.TryRead over a byte stream (regtest magic), each whole frame's payload decoded by its command",
            $"{nameof(MisbehaviourException)}, {nameof(DecodeException)}", Frames),
    ];

    /// <summary>
    /// Reads frames from the input as from a socket: a frame accepted must rebuild to exactly its bytes, and a header is
    /// judged before its payload arrives, so a cut frame is "wait for more", never an error.
    /// </summary>
    private static bool Frames(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);
        int frames = 0;
        try
        {
            while (true)
            {
                long before = buffer.Length;
                if (!Frame.TryRead(ref buffer, Magic, out var command, out var payload)) break;
                int start = bytes.Length - (int)before;
                FuzzProperty.RoundTrips(bytes.AsSpan(start, Frame.HeaderSize + payload.Length), Frame.Build(Magic, command, payload));
                DecodePayload(command, payload);
                frames++;
            }
        }
        catch (Exception e) when (e is MisbehaviourException or DecodeException)
        {
            return false;
        }
        return frames > 0;
    }

    /// <summary>What each command's payload is decoded with (NetworkService.Messages.cs dispatches the same way).</summary>
    private static void DecodePayload(string command, byte[] payload)
    {
        switch (command)
        {
            case Commands.Version: _ = VersionMessage.Decode(payload); break;
            case Commands.Verack or Commands.GetAddr: EmptyMessage.Check(command, payload); break;
            case Commands.Ping or Commands.Pong: _ = PingMessage.Decode(payload); break;
            case Commands.GetHeaders: _ = GetHeadersMessage.Decode(payload); break;
            case Commands.Headers: _ = HeadersMessage.Decode(payload); break;
            case Commands.Inv or Commands.GetData or Commands.NotFound: _ = InventoryMessage.Decode(payload); break;
            case Commands.Block: _ = OperationRegistry.Default.DecodeBlock(payload, Commands.MaxBlockBytes); break;
            case Commands.Tx: _ = OperationRegistry.Default.DecodeTransaction(payload); break;
            case Commands.Addr: _ = AddrMessage.Decode(payload); break;
            case Commands.CompactBlock: _ = CompactBlockMessage.Decode(payload, OperationRegistry.Default); break;
            case Commands.GetBlockTransactions: _ = GetBlockTransactionsMessage.Decode(payload); break;
            case Commands.BlockTransactions: _ = BlockTransactionsMessage.Decode(payload, OperationRegistry.Default); break;
            case Commands.GetState: _ = GetStateMessage.Decode(payload); break;
            case Commands.StateChunk: _ = StateChunkMessage.Decode(payload); break;
            default: FuzzProperty.Holds(false, $"Frame.TryRead accepted the command '{command}', which nothing decodes"); break;
        }
    }
}

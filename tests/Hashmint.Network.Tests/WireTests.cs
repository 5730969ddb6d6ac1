using System.Buffers;
using System.Net;
using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Tests;

public sealed class WireTests
{
    private const uint Magic = 0x484d0004;

    private static ReadOnlySequence<byte> Seq(byte[] b) => new(b);

    [Fact]
    public void A_frame_round_trips_and_a_partial_one_waits()
    {
        var frame = Frame.Build(Magic, Commands.Ping, PingMessage.Encode(42));
        Assert.Equal(Frame.HeaderSize + 8, frame.Length);
        for (int cut = 0; cut < frame.Length; cut++)
        {
            var partial = Seq(frame[..cut]);
            Assert.False(Frame.TryRead(ref partial, Magic, out _, out _));
        }
        var whole = Seq([.. frame, .. frame]);
        Assert.True(Frame.TryRead(ref whole, Magic, out var command, out var payload));
        Assert.Equal(Commands.Ping, command);
        Assert.Equal(42ul, PingMessage.Decode(payload));
        Assert.Equal(frame.Length, whole.Length);
    }

    [Fact]
    public void Wrong_magic_unknown_command_oversized_and_bad_checksum_are_refused_with_their_reasons()
    {
        Assert.Equal(BanReasons.BadMagic, Refuse(Frame.Build(Magic + 1, Commands.Ping, new byte[8])));
        var unknown = Frame.Build(Magic, "bogus", []);
        Assert.Equal(BanReasons.UnknownCommand, Refuse(unknown));
        var upper = Frame.Build(Magic, Commands.Ping, new byte[8]);
        upper[4] = (byte)'P';
        Assert.Equal(BanReasons.UnknownCommand, Refuse(upper));
        var junkAfterNul = Frame.Build(Magic, Commands.Ping, new byte[8]);
        junkAfterNul[15] = (byte)'x';
        Assert.Equal(BanReasons.UnknownCommand, Refuse(junkAfterNul));
        // The length is judged from the header alone: no payload needs to arrive.
        var oversized = Frame.Build(Magic, Commands.Headers, [])[..Frame.HeaderSize];
        BitConverter.TryWriteBytes(oversized.AsSpan(16), (uint)(Commands.MaxPayload(Commands.Headers) + 1));
        Assert.Equal(BanReasons.OversizedFrame, Refuse(oversized));
        var badSum = Frame.Build(Magic, Commands.Ping, PingMessage.Encode(7));
        badSum[^1] ^= 1;
        Assert.Equal(BanReasons.BadChecksum, Refuse(badSum));
    }

    private static string Refuse(byte[] bytes)
    {
        var seq = Seq(bytes);
        return Assert.Throws<MisbehaviourException>(() => Frame.TryRead(ref seq, Magic, out _, out _)).Reason;
    }

    [Fact]
    public void Fuzzed_frames_either_parse_wait_or_refuse_with_a_ban_reason()
    {
        var rng = new Random(11);
        var samples = new[]
        {
            Frame.Build(Magic, Commands.Headers, HeadersMessage.Encode([new BlockHeader(1, Hash256.Zero, Hash256.Zero, 5, 0x207fffff, 9)])),
            Frame.Build(Magic, Commands.Inv, InventoryMessage.Encode([new InventoryItem(InventoryType.Block, Hash256.Zero)])),
            Frame.Build(Magic, Commands.Ping, PingMessage.Encode(1)),
        };
        for (int i = 0; i < 20_000; i++)
        {
            var b = (byte[])samples[rng.Next(samples.Length)].Clone();
            int flips = rng.Next(1, 4);
            for (int f = 0; f < flips; f++) b[rng.Next(b.Length)] = (byte)rng.Next(256);
            var seq = Seq(b);
            try
            {
                if (Frame.TryRead(ref seq, Magic, out var command, out var payload)) Decode(command, payload);
            }
            catch (MisbehaviourException e) { Assert.Contains(e.Reason, BanReasons.All); }
            catch (DecodeException) { }
        }
    }

    private static void Decode(string command, byte[] payload)
    {
        switch (command)
        {
            case Commands.Headers: HeadersMessage.Decode(payload); break;
            case Commands.Inv: InventoryMessage.Decode(payload); break;
            case Commands.Ping: PingMessage.Decode(payload); break;
        }
    }

    [Fact]
    public void Messages_round_trip_and_refuse_trailing_bytes()
    {
        var v = new VersionMessage(1, Magic, Hash256.Zero, 1, 123, 39331, 77, "/x/", 5, new System.Numerics.BigInteger(1000));
        Assert.Equal(v, VersionMessage.Decode(v.Encode()));
        Assert.Throws<DecodeException>(() => VersionMessage.Decode([.. v.Encode(), 0]));
        var zero = v with { BestWork = 0 };
        Assert.Equal(zero, VersionMessage.Decode(zero.Encode()));

        var gh = new GetHeadersMessage([Hash256.Zero], Hash256.Zero);
        var gh2 = GetHeadersMessage.Decode(gh.Encode());
        Assert.Equal(gh.Locator, gh2.Locator);

        var addr = new NetAddress(5, 1, new IPEndPoint(IPAddress.Parse("127.3.4.5"), 4000));
        var back = AddrMessage.Decode(AddrMessage.Encode([addr]));
        Assert.Equal(addr.EndPoint, back[0].EndPoint);
        Assert.Throws<DecodeException>(() => InventoryMessage.Decode(InventoryMessage.Encode([new InventoryItem((InventoryType)9, Hash256.Zero)])));
        Assert.Throws<DecodeException>(() => HeadersMessage.Decode([.. HeadersMessage.Encode([]), 1]));
    }

    [Fact]
    public void Every_payload_cap_fits_its_largest_valid_message()
    {
        var headers = Enumerable.Range(0, Commands.MaxHeadersPerMessage).Select(i => new BlockHeader(1, Hash256.Zero, Hash256.Zero, (uint)i, 1, 1)).ToList();
        Assert.True(HeadersMessage.Encode(headers).Length <= Commands.MaxPayload(Commands.Headers));
        var inv = Enumerable.Range(0, Commands.MaxInventory).Select(_ => new InventoryItem(InventoryType.Transaction, Hash256.Zero)).ToList();
        Assert.True(InventoryMessage.Encode(inv).Length <= Commands.MaxPayload(Commands.Inv));
        var locator = Enumerable.Repeat(Hash256.Zero, Commands.MaxLocatorHashes).ToList();
        Assert.True(new GetHeadersMessage(locator, Hash256.Zero).Encode().Length <= Commands.MaxPayload(Commands.GetHeaders));
        var addrs = Enumerable.Range(0, Commands.MaxAddresses).Select(i => new NetAddress(1, 1, new IPEndPoint(IPAddress.IPv6Loopback, 1 + i))).ToList();
        Assert.True(AddrMessage.Encode(addrs).Length <= Commands.MaxPayload(Commands.Addr));
        var v = new VersionMessage(1, 1, Hash256.Zero, 1, 1, 1, 1, new string('a', Commands.MaxUserAgentBytes), 1, System.Numerics.BigInteger.Pow(2, 255));
        Assert.True(v.Encode().Length <= Commands.MaxPayload(Commands.Version));
    }
}

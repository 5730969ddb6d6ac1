using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Tests;

public sealed class TransactionRelayTests
{
    [Fact]
    public async Task A_transaction_that_overtakes_its_senders_earlier_nonce_is_held_until_the_gap_fills()
    {
        await using var node = await TestNode.StartAsync();
        node.Mine(2, payTo: 7);
        var first = Keys.Transfer(7, 8, 500, 0);
        var second = Keys.Transfer(7, 8, 600, 1);
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger, bestHeight: node.Tip.Height);
        await peer.SendAsync(Commands.Tx, second.Encoded); // nonce 1 first: a gap
        await peer.SendAsync(Commands.Tx, first.Encoded);
        await Wait.UntilAsync(() => node.Ledger.GetPending(first.Id) is not null && node.Ledger.GetPending(second.Id) is not null, "both pending", node.Describe);
        Assert.Null(node.Net.Book.BanOf(peer.Address));
    }

    [Fact]
    public async Task A_transaction_with_a_bad_signature_is_banned()
    {
        await using var node = await TestNode.StartAsync();
        node.Mine(2, payTo: 7);
        var tx = Keys.Transfer(7, 8, 500, 0);
        var bytes = (byte[])tx.Encoded.Clone();
        bytes[^1] ^= 1; // the signature's last byte
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger, bestHeight: node.Tip.Height);
        await peer.SendAsync(Commands.Tx, bytes);
        await Wait.UntilAsync(() => node.Net.Book.BanOf(peer.Address) is not null, "the ban", node.Describe);
        var ban = node.Net.Book.BanOf(peer.Address)!;
        Assert.Equal(BanReasons.InvalidTransaction, ban.Reason);
        Assert.Contains("bad-signature", ban.Detail);
    }
}

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

    [Theory]
    [InlineData("silent")]      // the first announcer never answers: the request expires
    [InlineData("notfound")]    // it answers notfound
    [InlineData("disconnects")] // it goes away
    public async Task A_transaction_whose_request_fails_is_asked_of_the_next_peer_that_announced_it(string how)
    {
        // Only the silent case may rely on the request timeout; the others must move on at once (the timeout is far off).
        var timeout = how == "silent" ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(10);
        await using var node = await TestNode.StartAsync(o => o with { TransactionRequestTimeout = timeout });
        node.Mine(2, payTo: 7);
        var tx = Keys.Transfer(7, 8, 500, 0);
        var inv = InventoryMessage.Encode([new InventoryItem(InventoryType.Transaction, tx.Id)]);
        await using var first = await RawPeer.ConnectAsync(node.EndPoint);
        await first.HandshakeAsync(node.Ledger, bestHeight: node.Tip.Height);
        await using var second = await RawPeer.ConnectAsync(node.EndPoint);
        await second.HandshakeAsync(node.Ledger, bestHeight: node.Tip.Height);

        await first.SendAsync(Commands.Inv, inv);
        var asked = InventoryMessage.Decode(await first.ExpectAsync(Commands.GetData));
        Assert.Equal(tx.Id, asked.Single().Hash);
        await second.SendAsync(Commands.Inv, inv); // announced again while in flight: not asked at once, but remembered
        await Task.Delay(200);
        switch (how)
        {
            case "notfound": await first.SendAsync(Commands.NotFound, inv); break;
            case "disconnects": await first.DisposeAsync(); break;
        }
        var askedSecond = InventoryMessage.Decode(await second.ExpectAsync(Commands.GetData, seconds: 30));
        Assert.Equal(tx.Id, askedSecond.Single().Hash);
        await second.SendAsync(Commands.Tx, tx.Encoded);
        await Wait.UntilAsync(() => node.Ledger.GetPending(tx.Id) is not null, "the transaction from the second announcer", node.Describe);
    }
}

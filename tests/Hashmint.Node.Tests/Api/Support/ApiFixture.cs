using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;
using Microsoft.AspNetCore.TestHost;

namespace Hashmint.Node.Tests.Api.Support;

/// <summary>Deterministic test keys and their regtest addresses.</summary>
public static class Keys
{
    public static byte[] FromSeed(byte seed)
    {
        var k = new byte[32];
        k[31] = seed;
        k[0] = 0x42;
        return k;
    }

    public static AccountId Account(byte[] key) => new(Schnorr.GetXOnlyPublicKey(key));
    public static string Address(byte[] key) => Account(key).ToAddress(ChainParams.Regtest.AddressPrefix);
}

/// <summary>
/// An in-process regtest node (<see cref="InProcessNode"/>: the real host on an in-memory store) with a small chain:
/// four blocks paid to <see cref="MinerKey"/>'s account (so it has coins and block NFTs), the user-content collection
/// with one token per <see cref="ContentSamples"/> entry, a game-item collection (market-only transfers, three tokens)
/// and a proof-of-work collection with no mints. Each test class gets its own (IClassFixture), so a class may mine and
/// submit without disturbing another. Every response its clients get is checked by <see cref="ResponseChecks"/>.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public static readonly ChainParams Net = ChainParams.Regtest;
    public static readonly byte[] MinerKey = Keys.FromSeed(1);
    public static AccountId Miner => Keys.Account(MinerKey);
    public static string MinerAddress => Miner.ToAddress(Net.AddressPrefix);

    public const string GameCollection = "game-items";
    public const string PowCollection = "mined-art";
    public const int GameTokens = 3;

    public static CollectionDefinition GameDefinition { get; } = new(GameCollection, "Game items", "GAME", CollectionKind.GameItem, 100, 0, [],
        TransferPolicy.MarketOnly, MintPolicy.Creator, Amount.Zero, null,
        new LootTable([new LootItem("sword", 3, [new StatRange("power", 1, 10)]), new LootItem("shield", 1, [new StatRange("armour", 5, 6)])]), null);

    public static CollectionDefinition PowDefinition { get; } = new(PowCollection, "Mined art", "MINE", CollectionKind.Art, 1000, 0, [],
        TransferPolicy.Free, MintPolicy.ProofOfWork, Amount.Zero, new PowMintParams(0x207fffff, 10, 100), null, null);

    private InProcessNode? _node;
    public InProcessNode Node => _node ?? throw new InvalidOperationException("fixture not started");
    public LedgerFacade Ledger => Node.Ledger;

    /// <summary>A client whose every response is checked (security headers, problem shape, no leaks).</summary>
    public HttpClient Http { get; private set; } = null!;
    /// <summary>The same, sending the admin token.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _node = await InProcessNode.StartAsync(Net, Miner);
        Http = Client();
        Admin = Client(InProcessNode.Token);
        await Mine(4);
        ulong nonce = Ledger.NextNonce(Miner);
        foreach (var tx in ContentSamples.Transactions(Net.ChainId, MinerKey, nonce)) Ledger.SubmitTransaction(tx);
        nonce = Ledger.NextNonce(Miner);
        Ledger.SubmitTransaction(Sign(MinerKey, nonce++, new CreateCollectionOperation(GameDefinition)));
        Ledger.SubmitTransaction(Sign(MinerKey, nonce++, new CreateCollectionOperation(PowDefinition)));
        for (int i = 0; i < GameTokens; i++)
            Ledger.SubmitTransaction(Sign(MinerKey, nonce++, new MintOperation(GameCollection, Miner, TokenContent.None, [], null, null)));
        await Mine(1);
        if (Ledger.MempoolStats.Count != 0) throw new InvalidOperationException("the set-up transactions did not all confirm");
    }

    /// <summary>An HTTP client on the test server; with <paramref name="token"/>, it sends it as the Bearer token.</summary>
    public HttpClient Client(string? token = null, bool check = true)
    {
        HttpMessageHandler handler = Node.App.GetTestServer().CreateHandler();
        if (check) handler = new ResponseChecks(handler);
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1/") };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<List<Block>> Mine(int count) => Node.MineAsync(count, Miner);

    public static Transaction Sign(byte[] key, ulong nonce, params Operation[] ops) =>
        Transaction.CreateSignedPayingPerByte(Net.ChainId, key, nonce, 2, 0, ops);

    public static Transaction Transfer(byte[] key, ulong nonce, AccountId to, ulong amount, ulong fee = 1000, uint? chainId = null, uint expiry = 0) =>
        Transaction.CreateSigned(chainId ?? Net.ChainId, key, nonce, new Amount(fee), expiry, [new TransferOperation(to, new Amount(amount))]);

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Admin?.Dispose();
        if (_node is not null) await _node.DisposeAsync();
    }
}

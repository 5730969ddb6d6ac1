using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Pool.Tests.Support;

namespace Hashmint.Pool.Tests;

/// <summary>Hash power pointed at a proof-of-work collection: its mint jobs, and proofs that mint to the miner.</summary>
public sealed class NftJobTests
{
    private const string Collection = "pool-art";

    /// <summary>Mines blocks through the pool paying the pool's key, then launches a proof-of-work collection.</summary>
    internal static async Task<StratumTestClient> LaunchCollectionAsync(PoolHarness pool, uint bits = 0x207fffff)
    {
        var blockMiner = await pool.ConnectAsync();
        string payee = PoolHarness.MintKey.Account.ToAddress(pool.Network.AddressPrefix);
        var job = await blockMiner.LoginAsync(payee + ".blocks");
        for (int i = 0; i < 3; i++) job = await MineBlockAsync(pool, blockMiner, payee + ".blocks", job);
        var (secret, creator) = PoolHarness.MintKey;
        var definition = new CollectionDefinition(Collection, "Pool Art", "PART", CollectionKind.Art, 1000, 0, [], TransferPolicy.Free, MintPolicy.ProofOfWork,
            Amount.Zero, new PowMintParams(InitialBits: bits, TargetSpacingBlocks: 1, HalfLifeBlocks: 100), null, null);
        pool.Ledger.SubmitSigned(creator, nonce => Transaction.CreateSignedPayingPerByte(pool.Network.ChainId, secret, nonce, 2, 0, [new CreateCollectionOperation(definition)]));
        pool.Server.RequestRefresh(clean: false); // a job that takes the transaction in
        string before = blockMiner.Job!.JobId;
        while (blockMiner.Job!.JobId == before) await blockMiner.NextNotificationAsync("mining.notify");
        await MineBlockAsync(pool, blockMiner, payee + ".blocks", blockMiner.Job!);
        Assert.NotNull(pool.Ledger.ReadState(view => view.GetCollection(Collection)));
        return blockMiner;
    }

    /// <summary>Mines one block on the client's job and waits for the clean job on the new tip.</summary>
    internal static async Task<NotifyJob> MineBlockAsync(PoolHarness pool, StratumTestClient miner, string user, NotifyJob job)
    {
        uint height = pool.Ledger.Tip.Height;
        var share = miner.MineBlock(job, extranonce2: (height + 1).ToString("x8"));
        var answer = await miner.SubmitAsync(user, job, share);
        Assert.True(answer["result"]!.GetValue<bool>(), answer.ToJsonString());
        Assert.Equal(height + 1, pool.Ledger.Tip.Height);
        while (true)
        {
            await miner.NextNotificationAsync("mining.notify");
            if (miner.Job!.Clean && miner.Job.PrevHash != job.PrevHash) return miner.Job;
        }
    }

    [Fact]
    public async Task A_miner_pointed_at_a_collection_gets_its_mint_job_and_a_winning_share_mints_to_that_miner()
    {
        await using var pool = PoolHarness.Start();
        await using var blockMiner = await LaunchCollectionAsync(pool);
        var (_, minter) = PoolHarness.Key(5);
        string user = pool.Address(5) + ".nft";

        await using var nftMiner = await pool.ConnectAsync();
        var job = await nftMiner.LoginAsync(user, "x,nft=" + Collection);
        // The mint job: prevhash = the collection's last mint hash, coinb1 = the commitment preimage up to the
        // extranonce, coinb2 empty, no Merkle branch, the collection's bits.
        var c = pool.Ledger.ReadState(view => view.GetCollection(Collection))!;
        Assert.Equal(Stratum.StratumHex.PrevHash(c.LastMintHash), job.PrevHash);
        Assert.Equal(Convert.ToHexStringLower(MintProof.PreimagePrefix(pool.Network.ChainId, Collection, minter)), job.Coinb1);
        Assert.Equal("", job.Coinb2);
        Assert.Empty(job.Branch);
        Assert.Equal(c.Bits.ToString("x8"), job.NBits);

        var share = nftMiner.MineBlock(job); // meets the collection's target
        var answer = await nftMiner.SubmitAsync(user, job, share);
        Assert.True(answer["result"]!.GetValue<bool>(), answer.ToJsonString());
        var found = Assert.Single(pool.Stats.RecentMints());
        Assert.Null(found.Rejection);
        Assert.Equal(1, pool.Stats.MintsFound);
        var pending = pool.Ledger.PendingTransactions().Single(t => t.Operations.Any(o => o is MineMintOperation));
        var proof = (MineMintOperation)pending.Operations[0];
        Assert.Equal(minter, proof.Minter);
        Assert.Equal(share.Header, proof.Header);
        Assert.Equal(PoolHarness.MintKey.Account, pending.Sender); // the pool pays the fee; the token is the minter's

        // The next mint job builds on the proof just found (clean), and a block mints the token to the miner.
        await nftMiner.NextNotificationAsync("mining.notify");
        Assert.True(nftMiner.Job!.Clean);
        pool.Server.RequestRefresh(clean: false);
        string jobBefore = blockMiner.Job!.JobId;
        while (blockMiner.Job!.JobId == jobBefore) await blockMiner.NextNotificationAsync("mining.notify");
        var old = nftMiner.MineBlock(job, startNonce: Convert.ToUInt32(share.Nonce, 16) + 1);
        Assert.Equal(21, (await nftMiner.SubmitAsync(user, job, old))["error"]![0]!.GetValue<int>()); // stale: the slot is taken
        await MineBlockAsync(pool, blockMiner, PoolHarness.MintKey.Account.ToAddress(pool.Network.AddressPrefix) + ".blocks", blockMiner.Job!);
        var token = pool.Ledger.ReadState(view => view.GetToken(Collection, 1));
        Assert.NotNull(token);
        Assert.Equal(minter, token.Owner);
        Assert.Equal(new Hash256(StratumTestClient.Sha256d(share.Header)), token.Seed);
    }

    [Fact]
    public async Task A_share_under_the_share_target_but_not_the_collections_is_credited_and_mints_nothing()
    {
        await using var pool = PoolHarness.Start(o => { o.MinDifficulty = 1e-12; o.InitialDifficulty = 1e-12; });
        await using var blockMiner = await LaunchCollectionAsync(pool, bits: 0x2000ffff); // a 1-in-128 mint target
        await using var nftMiner = await pool.ConnectAsync();
        var job = await nftMiner.LoginAsync(pool.Address(6), "nft=" + Collection);
        var share = nftMiner.MineShareNotBlock(job);
        Assert.True((await nftMiner.SubmitAsync(pool.Address(6), job, share))["result"]!.GetValue<bool>());
        Assert.Empty(pool.Stats.RecentMints());
        Assert.Equal(0, pool.Stats.DifficultySinceLastBlock); // mint shares earn NFTs, not a part of block rewards
    }

    [Fact]
    public async Task Collections_that_cannot_be_mined_by_proof_of_work_are_refused_at_authorize()
    {
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        await miner.SubscribeAsync();
        var answer = await miner.AuthorizeAsync(pool.Address(1), "nft=missing-one");
        Assert.Equal(24, answer["error"]![0]!.GetValue<int>());
        Assert.Contains("no collection 'missing-one'", answer["error"]![1]!.GetValue<string>());
        Assert.Equal(24, (await miner.AuthorizeAsync(pool.Address(1), "nft=blocks"))["error"]![0]!.GetValue<int>());
    }
}

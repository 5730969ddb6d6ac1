using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>Proof-of-work minting: valid proofs, and each way a proof can be wrong.</summary>
public class MineMintTests
{
    private readonly NftSandbox _s = new();

    private CollectionState Mined => _s.Collection("mined");

    [Fact]
    public void AValidProofMintsToTheMinterSeededByTheWinningHash()
    {
        _s.Apply(1, Create(Pow(bits: 0x207fffff)));
        var proof = _s.Proof("mined", minterKey: 3);
        var hash = MintProofMiner.HashOf(proof);
        _s.Height = 105;
        _s.Apply(4, proof); // anyone may send it: the token goes to the minter the work committed to

        var token = _s.Token("mined", 1)!;
        Assert.Equal(TestKeys.Id(3), token.Owner);
        Assert.Equal(hash, token.Seed);
        Assert.Equal(TokenOrigin.Mined, token.Origin);
        Assert.Equal(105u, token.MintedHeight);
        Assert.Equal(MintProof.Rarity(hash, CompactTarget.ToTarget(0x207fffff)!.Value), token.Rarity);
        Assert.Equal(MintProof.LeadingZeroBits(hash) - 1, token.Rarity);
        Assert.IsType<NoContent>(token.Content);

        var c = Mined;
        Assert.Equal(1UL, c.Minted);
        Assert.Equal(1UL, c.PowMints);
        Assert.Equal(hash, c.LastMintHash);
        Assert.Equal(105u, c.LastMintHeight);
        Assert.Equal(MintRetarget.NextMintBits(c.Definition.Pow!, 100, 105, 1), c.Bits);
    }

    [Fact]
    public void UnderAHarderTargetRarityIsTheZeroBitsBeyondTheTarget()
    {
        _s.Apply(1, Create(Pow(bits: 0x1f00ffff))); // 16 leading zero bits demanded: about 65,536 hashes a proof
        var proof = _s.Proof("mined", minterKey: 3);
        var hash = MintProofMiner.HashOf(proof);
        _s.Apply(3, proof);
        Assert.True(MintProof.LeadingZeroBits(hash) >= 16);
        Assert.Equal(MintProof.LeadingZeroBits(hash) - 16, _s.Token("mined", 1)!.Rarity);
    }

    [Fact]
    public void ALuckyProofIsRecordedAsRare()
    {
        _s.Apply(1, Create(Pow(bits: 0x207fffff)));
        var c = Mined;
        var target = CompactTarget.ToTarget(c.Bits)!.Value;
        // Vary the extranonce until a proof is at least "legendary" (odds 1 in 16 per proof).
        MineMintOperation proof;
        uint extra = 0;
        do proof = MintProofMiner.Mine(c, TestKeys.Id(3), _s.BlockTime, extranonce: BitConverter.GetBytes(extra++));
        while (MintProof.Rarity(MintProofMiner.HashOf(proof), target) < 4);
        _s.Apply(3, proof);
        var token = _s.Token("mined", 1)!;
        Assert.True(token.Rarity >= 4);
        Assert.Equal(MintProof.LeadingZeroBits(token.Seed) - 1, token.Rarity);
        Assert.NotEqual("common", MintProof.TierName(token.Rarity));
    }

    [Fact]
    public void AProofBuiltBeforeAnotherMintLandedIsStale()
    {
        _s.Apply(1, Create(Pow()));
        var first = _s.Proof("mined", minterKey: 3);
        var second = _s.Proof("mined", minterKey: 4); // also on the genesis mint hash
        _s.Apply(3, first);
        Assert.Equal(NftRejectCodes.StaleMint, _s.Reject(4, second));
        _s.Apply(4, _s.Proof("mined", minterKey: 4)); // rebuilt on the new last mint, it is fine
        Assert.Equal(TestKeys.Id(4), _s.Owner("mined", 2));
        Assert.Equal(NftRejectCodes.StaleMint, _s.Reject(3, first)); // and a replayed proof is stale too
    }

    [Fact]
    public void MintsChainOnEachOther()
    {
        _s.Apply(1, Create(Pow()));
        var hashes = new List<Hash256>();
        for (int i = 0; i < 5; i++)
        {
            var previous = Mined.LastMintHash;
            var proof = _s.Proof("mined", minterKey: 3 + i % 2);
            Assert.Equal(previous, BlockHeader.Decode(proof.Header).PreviousHash);
            _s.Apply(5, proof);
            hashes.Add(MintProofMiner.HashOf(proof));
            _s.Height++;
        }
        Assert.Equal(hashes[^1], Mined.LastMintHash);
        Assert.Equal(5UL, Mined.PowMints);
        Assert.Equal(hashes, Enumerable.Range(1, 5).Select(i => _s.Token("mined", (ulong)i)!.Seed));
    }

    [Fact]
    public void TwoChainedProofsFitInOneTransaction()
    {
        _s.Apply(1, Create(Pow()));
        var c = Mined;
        var first = MintProofMiner.Mine(c, TestKeys.Id(3), _s.BlockTime);
        var firstHash = MintProofMiner.HashOf(first);
        uint nextBits = MintRetarget.NextMintBits(c.Definition.Pow!, c.CreatedHeight, _s.Height, 1);
        var second = MintProofMiner.Mine(c, TestKeys.Id(3), _s.BlockTime, previous: firstHash, bits: nextBits);
        _s.Apply(3, first, second);
        Assert.Equal(2UL, Mined.PowMints);
        Assert.Equal(MintProofMiner.HashOf(second), Mined.LastMintHash);
    }

    [Fact]
    public void ChangingTheMinterOrExtranonceAfterMiningBreaksTheCommitment()
    {
        _s.Apply(1, Create(Pow()));
        var proof = _s.Proof("mined", minterKey: 3);
        Assert.Equal(NftRejectCodes.BadMintCommitment, _s.Reject(4, proof with { Minter = TestKeys.Id(4) }));
        Assert.Equal(NftRejectCodes.BadMintCommitment, _s.Reject(3, proof with { Extranonce = [1, 2, 3] }));
        Assert.Equal(NftRejectCodes.BadMintCommitment, _s.Reject(3, proof with { Extranonce = [] }));
        _s.Apply(3, proof);
    }

    [Fact]
    public void AProofForAnotherChainDoesNotCommitToThisOne()
    {
        _s.Apply(1, Create(Pow()));
        var foreign = MintProofMiner.Mine(Mined, TestKeys.Id(3), _s.BlockTime, chainId: ChainParams.Main.ChainId);
        Assert.Equal(NftRejectCodes.BadMintCommitment, _s.Reject(3, foreign));
    }

    [Fact]
    public void TheProofMustCarryTheCollectionsBits()
    {
        _s.Apply(1, Create(Pow(bits: 0x2000ffff)));
        var easier = MintProofMiner.Mine(Mined, TestKeys.Id(3), _s.BlockTime, bits: 0x207fffff);
        var harder = MintProofMiner.Mine(Mined, TestKeys.Id(3), _s.BlockTime, bits: 0x1f7fffff);
        Assert.Equal(NftRejectCodes.BadMintBits, _s.Reject(3, easier));
        Assert.Equal(NftRejectCodes.BadMintBits, _s.Reject(3, harder)); // more work, but not the collection's rule
    }

    [Fact]
    public void AHashAboveTheTargetIsNoProof()
    {
        _s.Apply(1, Create(Pow(bits: 0x2000ffff)));
        var miss = MintProofMiner.Mine(Mined, TestKeys.Id(3), _s.BlockTime, fail: true);
        Assert.False(CompactTarget.MeetsTarget(MintProofMiner.HashOf(miss), CompactTarget.ToTarget(0x2000ffff)!.Value));
        Assert.Equal(NftRejectCodes.BadMintProof, _s.Reject(3, miss));
    }

    [Fact]
    public void AMintTimeFarPastTheBlocksIsRefused()
    {
        _s.Apply(1, Create(Pow()));
        var late = MintProofMiner.Mine(Mined, TestKeys.Id(3), _s.BlockTime + MineMintHandler.MaxMintTimeDrift + 1);
        Assert.Equal(NftRejectCodes.MintTimeTooNew, _s.Reject(3, late));
        _s.Apply(3, MintProofMiner.Mine(Mined, TestKeys.Id(3), _s.BlockTime + MineMintHandler.MaxMintTimeDrift));
    }

    [Fact]
    public void OnlyProofOfWorkCollectionsAreMinedAndMaxSupplyHolds()
    {
        Assert.Equal(NftRejectCodes.UnknownCollection, _s.Reject(3, MintProofMiner.Mine(
            new CollectionState(Pow("ghost"), TestKeys.Id(1), 0, 0, 0, MintProof.GenesisMintHash("ghost"), 0x207fffff, 0, 0), TestKeys.Id(3), _s.BlockTime)));
        _s.Apply(1, Create(Art()));
        var art = _s.Collection("art") with { Bits = 0x207fffff };
        Assert.Equal(NftRejectCodes.WrongMintPolicy, _s.Reject(3, MintProofMiner.Mine(art, TestKeys.Id(3), _s.BlockTime)));

        _s.Apply(1, Create(Pow(maxSupply: 1)));
        _s.Apply(3, _s.Proof("mined", minterKey: 3));
        Assert.Equal(NftRejectCodes.SoldOut, _s.Reject(3, _s.Proof("mined", minterKey: 3)));
    }

    [Fact]
    public void AMintHeaderBuiltInMemoryWithTheWrongSizeIsRefusedNotThrown()
    {
        _s.Apply(1, Create(Pow()));
        var proof = _s.Proof("mined", minterKey: 3);
        Assert.Equal(RejectCodes.Malformed, _s.Reject(3, proof with { Header = proof.Header[..79] }));
        Assert.Equal(RejectCodes.Malformed, _s.Reject(3, proof with { Header = [.. proof.Header, 0] }));
    }

    [Fact]
    public void AProofMustNameAMinter()
    {
        _s.Apply(1, Create(Pow()));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(3, MintProofMiner.Mine(Mined, AccountId.None, _s.BlockTime)));
    }
}

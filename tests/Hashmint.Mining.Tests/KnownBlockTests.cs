using Hashmint.Mining.Tests.Support;

namespace Hashmint.Mining.Tests;

/// <summary>Real Bitcoin headers hash to their published hashes, and every engine finds their nonces.</summary>
public sealed class KnownBlockTests
{
    [Theory]
    [MemberData(nameof(KnownBlocks.Names), MemberType = typeof(KnownBlocks))]
    public void ReferenceHashOfHeaderIsThePublishedHash(string blockName)
    {
        KnownBlock block = KnownBlocks.Named(blockName);
        byte[] hash = Reference.HashWithNonce(block.Header(), block.Nonce);

        Assert.Equal(block.Hash, DisplayHex.FromInternalOrder(hash));
        Assert.True(HashTarget.Meets(hash, block.Target()));
    }

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void EngineFindsEachPublishedNonceAsTheFirstWinnerFromBelowIt(string engineName)
    {
        INonceSearchEngine engine = NonceSearchEngines.Create(engineName);
        foreach (KnownBlock block in KnownBlocks.All)
        {
            // Start off the lane grid and stop past the nonce so both range edges are exercised.
            uint start = block.Nonce - 3001;
            bool found = engine.Search(block.Header(), block.Target(), start, 6007, CancellationToken.None, out uint nonce, out ulong done);

            Assert.True(found, $"{engineName} missed {block.Name}");
            Assert.Equal(block.Nonce, nonce);
            Assert.InRange(done, block.Nonce - start + 1, block.Nonce - start + 16);
        }
    }

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void EngineFindsTheGenesisNonceStartingOneHundredThousandBelow(string engineName)
    {
        KnownBlock genesis = KnownBlocks.Genesis;
        INonceSearchEngine engine = NonceSearchEngines.Create(engineName);

        bool found = engine.Search(genesis.Header(), genesis.Target(), genesis.Nonce - 100_000, 200_000, CancellationToken.None,
            out uint nonce, out _);

        Assert.True(found);
        Assert.Equal(2083236893u, nonce);
    }

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void HeaderNonceBytesAreIgnored(string engineName)
    {
        KnownBlock block = KnownBlocks.Block125552;
        byte[] header = block.Header();
        BlockHeaderLayout.WriteNonce(header, 0xdeadbeef);

        bool found = NonceSearchEngines.Create(engineName).Search(header, block.Target(), block.Nonce - 20, 40, CancellationToken.None,
            out uint nonce, out _);

        Assert.True(found);
        Assert.Equal(block.Nonce, nonce);
    }
}

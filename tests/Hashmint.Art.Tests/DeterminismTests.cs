using Hashmint.Art.Genome;
using Hashmint.Art.Rendering;

namespace Hashmint.Art.Tests;

public class DeterminismTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(512)]
    public void SameSeedGivesIdenticalRgbaAndPng(int size)
    {
        byte[] seed = TestSeeds.For(1);

        byte[] rgbaFirst = CppnArt.RenderRgba(seed, size);
        byte[] rgbaSecond = CppnArt.RenderRgba(seed, size);
        byte[] pngFirst = CppnArt.RenderPng(seed, size);
        byte[] pngSecond = CppnArt.RenderPng(seed, size);

        Assert.Equal(size * size * 4, rgbaFirst.Length);
        Assert.Equal(rgbaFirst, rgbaSecond);
        Assert.Equal(pngFirst, pngSecond);
    }

    [Fact]
    public void RepeatedRendersStayIdenticalAfterTheJitRecompiles()
    {
        // Early calls run tier-0 code, later ones optimised code; no FMA contraction in either means equal bits.
        byte[] seed = TestSeeds.For(2);
        byte[] reference = CppnArt.RenderRgba(seed, 200);
        for (int i = 0; i < 40; i++)
            CppnArt.RenderRgba(TestSeeds.For(100 + i), 96);
        Assert.Equal(reference, CppnArt.RenderRgba(seed, 200));
    }

    [Fact]
    public void ParallelRowsMatchSequentialRows()
    {
        const int Size = 160; // above the parallel threshold
        ArtGenome genome = GenomeSelector.Select(TestSeeds.For(3));
        byte[] parallel = ImageRenderer.Render(genome, Size);

        var rows = new RowEvaluator(genome.Network, genome.Symmetry, Size);
        var mapper = new Colour.ColourMapper(genome.Colour);
        var sequential = new byte[Size * Size * 4];
        for (int y = 0; y < Size; y++)
        {
            rows.Evaluate(y);
            mapper.MapRow(rows.Position, rows.Shade, rows.Saturation, sequential.AsSpan(y * Size * 4, Size * 4));
        }

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void EveryByteOfTheSeedChangesThePicture()
    {
        // Proof-of-work seeds share long runs of zero bytes, so no byte position may be ignored.
        byte[] seed = Convert.FromHexString("000000000000000000000000000000000000000000000000a1b2c3d4e5f60718");
        byte[] reference = CppnArt.RenderRgba(seed, 32);
        for (int position = 0; position < seed.Length; position++)
        {
            byte[] flipped = (byte[])seed.Clone();
            flipped[position] ^= 0x01;
            Assert.True(TestSeeds.MeanAbsoluteDifference(reference, CppnArt.RenderRgba(flipped, 32)) > 5,
                $"flipping byte {position} barely changed the picture");
        }
    }
}

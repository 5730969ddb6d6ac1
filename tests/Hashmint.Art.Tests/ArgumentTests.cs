namespace Hashmint.Art.Tests;

public class ArgumentTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4097)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void SizesOutside1To4096AreRejected(int size)
    {
        byte[] seed = TestSeeds.For(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => CppnArt.RenderRgba(seed, size));
        Assert.Throws<ArgumentOutOfRangeException>(() => CppnArt.RenderPng(seed, size));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(33)]
    public void SmallAndOddSizesRender(int size)
    {
        byte[] rgba = CppnArt.RenderRgba(TestSeeds.For(0), size);
        Assert.Equal(size * size * 4, rgba.Length);
        for (int p = 3; p < rgba.Length; p += 4)
            Assert.Equal(255, rgba[p]);
    }

    [Fact]
    public void LargestSizeRenders()
    {
        byte[] rgba = CppnArt.RenderRgba(TestSeeds.For(0), CppnArt.MaxSize);
        Assert.Equal(4096L * 4096 * 4, rgba.LongLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void SeedsThatAreNot32BytesAreRejected(int length)
    {
        var seed = new byte[length];
        Assert.Throws<ArgumentException>(() => CppnArt.RenderRgba(seed, 8));
        Assert.Throws<ArgumentException>(() => CppnArt.RenderPng(seed, 8));
        Assert.Throws<ArgumentException>(() => CppnArt.Traits(seed));
    }
}

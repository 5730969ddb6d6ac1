using SkiaSharp;

namespace Hashmint.Art.Tests;

public class PngTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(512)]
    public void PngDecodesToTheRequestedSizeAndPixels(int size)
    {
        byte[] seed = TestSeeds.For(7);
        byte[] png = CppnArt.RenderPng(seed, size);
        byte[] rgba = CppnArt.RenderRgba(seed, size);

        using SKBitmap decoded = SKBitmap.Decode(png, new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Assert.NotNull(decoded);
        Assert.Equal(size, decoded.Width);
        Assert.Equal(size, decoded.Height);
        Assert.Equal(rgba, decoded.GetPixelSpan().ToArray()); // PNG is lossless
    }

    [Fact]
    public void DefaultSizeIs512()
    {
        using SKBitmap decoded = SKBitmap.Decode(CppnArt.RenderPng(TestSeeds.For(8)));
        Assert.Equal(512, decoded.Width);
        Assert.Equal(512, decoded.Height);
    }

    [Fact]
    public void PngStartsWithTheSignature()
    {
        byte[] png = CppnArt.RenderPng(TestSeeds.For(9), 16);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
    }
}

using Hashmint.Core.Primitives;

namespace Hashmint.Core.Tests.Primitives;

public class AmountTests
{
    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1UL, "0.00000001")]
    [InlineData(100_000_000UL, "1")]
    [InlineData(1_250_000_000UL, "12.5")]
    [InlineData(123_456_789UL, "1.23456789")]
    [InlineData(ulong.MaxValue, "184467440737.09551615")]
    public void FormatsAndParsesBack(ulong units, string text)
    {
        var a = new Amount(units);
        Assert.Equal(text, a.ToString());
        Assert.True(Amount.TryParseCoins(text, out var parsed));
        Assert.Equal(a, parsed);
    }

    [Theory]
    [InlineData("12.50000000", 1_250_000_000UL)]
    [InlineData(" 7 ", 700_000_000UL)]
    [InlineData("0.1", 10_000_000UL)]
    [InlineData("007", 700_000_000UL)]
    public void AcceptsEquivalentForms(string text, ulong units)
    {
        Assert.True(Amount.TryParseCoins(text, out var a));
        Assert.Equal(units, a.Units);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1.2.3")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("0.123456789")]             // 9 decimals
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("184467440737.09551616")]   // one unit over u64
    [InlineData("184467440738")]
    [InlineData("99999999999999999999")]
    public void RejectsMalformedOrOverflowingText(string text)
    {
        Assert.False(Amount.TryParseCoins(text, out var a));
        Assert.Equal(Amount.Zero, a);
    }

    [Fact]
    public void ArithmeticIsChecked()
    {
        var max = new Amount(ulong.MaxValue);
        Assert.Throws<OverflowException>(() => max + new Amount(1));
        Assert.Throws<OverflowException>(() => Amount.Zero - new Amount(1));
        Assert.Throws<OverflowException>(() => Amount.Coins(ulong.MaxValue / Amount.UnitsPerCoin + 1));
        Assert.Equal(new Amount(3), new Amount(1) + new Amount(2));
        Assert.Equal(new Amount(1), new Amount(3) - new Amount(2));
        Assert.Equal(Amount.Coins(25), new Amount(2_500_000_000));
    }

    [Fact]
    public void ComparisonOperators()
    {
        var one = new Amount(1);
        var two = new Amount(2);
        var alsoOne = new Amount(1);
        Assert.True(one < two && two > one && one <= alsoOne && alsoOne >= one && !(one > alsoOne));
        Assert.True(one.CompareTo(two) < 0);
    }
}

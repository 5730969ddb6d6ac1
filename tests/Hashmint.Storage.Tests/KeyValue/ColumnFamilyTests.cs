namespace Hashmint.Storage.Tests;

public sealed class ColumnFamilyTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("default")]
    public void InvalidNamesAreRefused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new ColumnFamily(name));
        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void ANullNameIsRefused() => Assert.Throws<ArgumentNullException>(() => new ColumnFamily(null!));

    [Fact]
    public void HintsDefaultToAPlainPointLookupFamily()
    {
        var family = new ColumnFamily("x");
        Assert.Equal("x", family.Name);
        Assert.Equal("x", family.ToString());
        Assert.True(family.PointLookups);
        Assert.True(family.Compressible);
        Assert.False(family.LookupsAlwaysHit);
        Assert.False(family.LargeValues);
    }

    [Fact]
    public void IdentityIsByReference()
    {
        Assert.NotEqual(new ColumnFamily("x"), new ColumnFamily("x"));
    }

    [Fact]
    public void TheTreeDeclaresItsNodeFamily()
    {
        var family = SparseMerkleTree.NodeFamily;
        Assert.Equal("state_tree", family.Name);
        Assert.True(family.PointLookups);
        Assert.False(family.Compressible);
        Assert.True(family.LookupsAlwaysHit);
        Assert.False(family.LargeValues);
    }
}

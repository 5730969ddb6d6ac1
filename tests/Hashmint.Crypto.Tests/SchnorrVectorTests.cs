namespace Hashmint.Crypto.Tests;

/// <summary>The official BIP-340 vectors: every row's verification result, and every signing row reproduced exactly.</summary>
public class SchnorrVectorTests
{
    public static TheoryData<Bip340Vector> OfficialRows() => ToTheory(Bip340Vector.Load("bip340-test-vectors.csv"));

    // Rows 15-18 of the current BIP-340 file (messages of 0, 1, 17 and 100 bytes); our Sign takes
    // 32-byte messages only, so these rows check that Verify handles any message length.
    public static TheoryData<Bip340Vector> VariableLengthRows() => ToTheory(Bip340Vector.Load("bip340-variable-length-vectors.csv"));

    [Fact]
    public void OfficialFileHasAllFifteenRows() => Assert.Equal(15, Bip340Vector.Load("bip340-test-vectors.csv").Count);

    [Theory]
    [MemberData(nameof(OfficialRows))]
    [MemberData(nameof(VariableLengthRows))]
    public void VerifyMatchesExpectedResult(Bip340Vector row) =>
        Assert.Equal(row.Expected, Schnorr.Verify(row.Signature, row.Message, row.PublicKey));

    public static TheoryData<Bip340Vector> SigningRows() =>
        ToTheory(Bip340Vector.Load("bip340-test-vectors.csv").Where(row => row.SecretKey is not null));

    [Fact]
    public void OfficialFileHasFourSigningRows() => Assert.Equal(4, SigningRows().Count);

    [Theory]
    [MemberData(nameof(SigningRows))]
    public void SigningRowsReproduceSignatureAndPublicKey(Bip340Vector row)
    {
        Assert.Equal(row.PublicKey, Schnorr.GetXOnlyPublicKey(row.SecretKey!));
        Assert.Equal(row.Signature, Schnorr.Sign(row.Message, row.SecretKey!, row.AuxRand!));
    }

    [Theory]
    [MemberData(nameof(OfficialRows))]
    public void PublicKeyValidityMatchesRowComments(Bip340Vector row)
    {
        bool keyIsInvalid = row.Comment.StartsWith("public key", StringComparison.Ordinal);
        Assert.Equal(!keyIsInvalid, Schnorr.IsValidXOnlyPublicKey(row.PublicKey));
    }

    private static TheoryData<Bip340Vector> ToTheory(IEnumerable<Bip340Vector> rows)
    {
        var data = new TheoryData<Bip340Vector>();
        foreach (var row in rows)
            data.Add(row);
        return data;
    }
}

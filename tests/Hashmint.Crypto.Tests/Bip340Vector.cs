namespace Hashmint.Crypto.Tests;

/// <summary>One row of a BIP-340 test-vector CSV file (copied into Vectors/ so the tests need nothing outside the repo).</summary>
public sealed record Bip340Vector(
    int Index, byte[]? SecretKey, byte[] PublicKey, byte[]? AuxRand, byte[] Message, byte[] Signature, bool Expected, string Comment)
{
    public override string ToString() => $"#{Index} {Comment}";

    public static IReadOnlyList<Bip340Vector> Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Vectors", fileName);
        return File.ReadLines(path).Skip(1).Where(line => line.Length > 0).Select(Parse).ToList();
    }

    private static Bip340Vector Parse(string line)
    {
        // The comment is the last column and contains no commas.
        string[] f = line.Split(',');
        return new Bip340Vector(
            int.Parse(f[0]),
            f[1].Length == 0 ? null : Convert.FromHexString(f[1]),
            Convert.FromHexString(f[2]),
            f[3].Length == 0 ? null : Convert.FromHexString(f[3]),
            Convert.FromHexString(f[4]),
            Convert.FromHexString(f[5]),
            f[6] == "TRUE",
            f.Length > 7 ? f[7] : "");
    }
}

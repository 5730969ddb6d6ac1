using System.Security.Cryptography;
using Hashmint.Crypto;

namespace Hashmint.Pool;

/// <summary>
/// The pool's own key (outside the devnet, which uses its wallet key): it signs the mine-mint transactions of NFTs
/// found through the pool and pays their fees. Kept as 64 hex digits in <c>pool-key</c> in the data directory (mode
/// 0600), made on first start. Its account must hold coins for fees; it never holds miners' coins or tokens.
/// </summary>
public static class PoolKey
{
    public const string FileName = "pool-key";

    public static byte[] LoadOrCreate(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var key = Convert.FromHexString(File.ReadAllText(path).Trim());
            if (key.Length != 32 || !Schnorr.IsValidSecretKey(key)) throw new InvalidDataException($"{path} does not hold a secret key (64 hex digits)");
            return key;
        }
        byte[] secret;
        do secret = RandomNumberGenerator.GetBytes(32); while (!Schnorr.IsValidSecretKey(secret));
        Directory.CreateDirectory(dataDirectory);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var f = new FileStream(path, options))
        using (var w = new StreamWriter(f)) w.Write(Convert.ToHexStringLower(secret));
        return secret;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hashmint.Wallet.Tests;

public sealed class KeystoreTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";
    private readonly TemporaryDirectory directory = new();
    private readonly HdWallet wallet = HdWallet.FromMnemonic(
        "legal winner thank year wave sausage worth useful legal winner thank yellow", "extra words");

    public void Dispose() => directory.Dispose();

    private string SaveTestKeystore()
    {
        string path = directory.File("wallet.json");
        Keystore.Save(path, wallet, Passphrase, KdfParameters.Test);
        return path;
    }

    [Fact]
    public void RoundTripRestoresMnemonicAndBip39Passphrase()
    {
        HdWallet loaded = Keystore.Load(SaveTestKeystore(), Passphrase);
        Assert.Equal(wallet.Mnemonic, loaded.Mnemonic);
        Assert.Equal(wallet.GetPublicKey(0), loaded.GetPublicKey(0));
        Assert.Equal(wallet.GetSecretKey(5), loaded.GetSecretKey(5));
    }

    [Fact]
    public void ProductionParametersRoundTrip()
    {
        string path = directory.File("production.json");
        Keystore.Save(path, wallet, Passphrase);
        JsonNode kdf = JsonNode.Parse(File.ReadAllText(path))!["kdf"]!;
        Assert.Equal(65536, (int)kdf["memoryKiB"]!);
        Assert.Equal(3, (int)kdf["iterations"]!);
        Assert.Equal(1, (int)kdf["parallelism"]!);
        Assert.Equal(wallet.Mnemonic, Keystore.Load(path, Passphrase).Mnemonic);
    }

    [Fact]
    public void FileHasTheDocumentedShapeAndNoPlaintext()
    {
        string path = SaveTestKeystore();
        string text = File.ReadAllText(path);
        Assert.DoesNotContain("legal", text);
        Assert.DoesNotContain("extra words", text);

        JsonNode root = JsonNode.Parse(text)!;
        Assert.Equal("hashmint-keystore", (string)root["format"]!);
        Assert.Equal(1, (int)root["version"]!);
        Assert.Equal("argon2id", (string)root["kdf"]!["name"]!);
        Assert.Equal(KdfParameters.Test.MemoryKiB, (int)root["kdf"]!["memoryKiB"]!);
        Assert.Equal(KdfParameters.Test.Iterations, (int)root["kdf"]!["iterations"]!);
        Assert.Equal(32, ((string)root["kdf"]!["salt"]!).Length);
        Assert.Equal("aes-256-gcm", (string)root["cipher"]!["name"]!);
        Assert.Equal(24, ((string)root["cipher"]!["nonce"]!).Length);
        Assert.Equal(32, ((string)root["cipher"]!["tag"]!).Length);
        Assert.Equal(64, ((string)root["checksum"]!).Length);
    }

    [Fact]
    public void EachSaveUsesFreshSaltAndNonce()
    {
        string first = directory.File("a.json"), second = directory.File("b.json");
        Keystore.Save(first, wallet, Passphrase, KdfParameters.Test);
        Keystore.Save(second, wallet, Passphrase, KdfParameters.Test);
        JsonNode a = JsonNode.Parse(File.ReadAllText(first))!, b = JsonNode.Parse(File.ReadAllText(second))!;
        Assert.NotEqual((string)a["kdf"]!["salt"]!, (string)b["kdf"]!["salt"]!);
        Assert.NotEqual((string)a["cipher"]!["nonce"]!, (string)b["cipher"]!["nonce"]!);
        Assert.NotEqual((string)a["ciphertext"]!, (string)b["ciphertext"]!);
    }

    [Fact]
    public void FileIsOwnerReadWriteOnlyAndNoTemporaryFileRemains()
    {
        string path = SaveTestKeystore();
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void ExistingKeystoreIsNotOverwrittenUnlessAsked()
    {
        string path = SaveTestKeystore();
        HdWallet other = HdWallet.Create(12);
        var error = Assert.Throws<IOException>(() => Keystore.Save(path, other, Passphrase, KdfParameters.Test));
        Assert.Contains("refusing to overwrite", error.Message);
        Assert.Equal(wallet.Mnemonic, Keystore.Load(path, Passphrase).Mnemonic);

        Keystore.Save(path, other, "new passphrase", KdfParameters.Test, overwrite: true);
        Assert.Equal(other.Mnemonic, Keystore.Load(path, "new passphrase").Mnemonic);
        Assert.Single(Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void WrongPassphraseIsReportedAsSuch()
    {
        string path = SaveTestKeystore();
        var error = Assert.Throws<WrongPassphraseException>(() => Keystore.Load(path, "Correct horse battery staple"));
        Assert.Equal("wrong passphrase (keystore could not be decrypted)", error.Message);
        Assert.Throws<WrongPassphraseException>(() => Keystore.Load(path, ""));
    }

    [Fact]
    public void TamperedCiphertextIsReportedAsCorruption()
    {
        string path = SaveTestKeystore();
        EditJson(path, root => root["ciphertext"] = FlipFirstHexDigit((string)root["ciphertext"]!));
        var error = Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
        Assert.Contains("corrupted", error.Message);
    }

    [Fact]
    public void TamperingThatFixesTheChecksumIsStillCaughtByGcm()
    {
        string path = SaveTestKeystore();
        EditJson(path, root =>
        {
            root["ciphertext"] = FlipFirstHexDigit((string)root["ciphertext"]!);
            root["checksum"] = RecomputeChecksum(root);
        });
        Assert.Throws<WrongPassphraseException>(() => Keystore.Load(path, Passphrase));
    }

    [Fact]
    public void WeakenedKdfParametersDoNotDecrypt()
    {
        string path = SaveTestKeystore();
        EditJson(path, root =>
        {
            root["kdf"]!["iterations"] = 2;
            root["checksum"] = RecomputeChecksum(root);
        });
        Assert.Throws<WrongPassphraseException>(() => Keystore.Load(path, Passphrase));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public void TruncatedFileIsAFormatError(int keptFraction)
    {
        string path = SaveTestKeystore();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * keptFraction / 101)]);
        var error = Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void EmptyFileIsAFormatError()
    {
        string path = directory.File("empty.json");
        File.WriteAllBytes(path, []);
        Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
    }

    [Theory]
    [InlineData("format", "\"something-else\"", "not a Hashmint keystore")]
    [InlineData("version", "2", "unsupported keystore version 2")]
    [InlineData("version", "\"1\"", "'version' must be a JSON number")]
    [InlineData("ciphertext", "\"zz\"", "'ciphertext' is not valid hex")]
    [InlineData("ciphertext", "\"\"", "'ciphertext' is empty")]
    [InlineData("checksum", "\"00\"", "'checksum' must be 32 bytes")]
    [InlineData("kdf", "[]", "'kdf' must be a JSON object")]
    public void MalformedFieldsAreNamed(string field, string json, string reason)
    {
        string path = SaveTestKeystore();
        EditJson(path, root => root[field] = JsonNode.Parse(json));
        var error = Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
        Assert.Contains(reason, error.Message);
    }

    // Found by fuzzing (fuzz/regressions/keystore): a string field holding invalid UTF-8 made Load throw
    // InvalidOperationException from System.Text.Json instead of KeystoreFormatException.
    [Fact]
    public void FuzzedFileWithInvalidUtf8InAHexFieldIsAFormatError()
    {
        string path = directory.File("fuzzed.json");
        File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, "Regressions", "keystore-invalid-utf8-in-hex-field.json"), path);
        var error = Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
        Assert.Contains("'ciphertext' is not valid text", error.Message);
    }

    // Found by fuzzing (fuzz/regressions/keystore-secret): a decrypted payload whose BIP-39 passphrase this build cannot
    // normalize made Load throw NBitcoin's PlatformNotSupportedException instead of KeystoreFormatException.
    [Fact]
    public void FuzzedPayloadWithAnUnnormalizableBip39PassphraseIsAFormatError()
    {
        byte[] payload = File.ReadAllBytes(System.IO.Path.Combine(AppContext.BaseDirectory, "Regressions", "keystore-payload-unnormalizable-bip39-passphrase.json"));
        string path = SaveKeystoreWithPayload(payload);
        var error = Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
        Assert.Contains("content is invalid", error.Message);
    }

    [Fact]
    public void PayloadSealedByTheTestHelperLoads()
    {
        string path = SaveKeystoreWithPayload(Encoding.UTF8.GetBytes($"{{\"mnemonic\":\"{wallet.Mnemonic}\",\"bip39Passphrase\":\"extra words\"}}"));
        Assert.Equal(wallet.GetPublicKey(0), Keystore.Load(path, Passphrase).GetPublicKey(0));
    }

    [Theory]
    [InlineData("format", false)]
    [InlineData("format", true)]
    [InlineData("name", false)]
    [InlineData("salt", true)]
    [InlineData("checksum", false)]
    public void StringFieldsThatAreNotTextAreFormatErrors(string field, bool loneSurrogateEscape)
    {
        string path = SaveTestKeystore();
        string json = File.ReadAllText(path);
        int quote = json.IndexOf('"', json.IndexOf($"\"{field}\":", StringComparison.Ordinal) + field.Length + 3);
        byte[] notText = loneSurrogateEscape ? "\\ud800"u8.ToArray() : [0xff];
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(json[..(quote + 1)]), .. notText, .. Encoding.UTF8.GetBytes(json[(quote + 1)..])]);
        var error = Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
        Assert.Contains($"{field}' is not valid text", error.Message);
    }

    [Theory]
    [InlineData("memoryKiB", 4)]
    [InlineData("memoryKiB", int.MaxValue)]
    [InlineData("iterations", 0)]
    [InlineData("iterations", 1000)]
    [InlineData("parallelism", 4)]
    public void OutOfRangeKdfParametersAreRejectedBeforeDerivingAnything(string field, int value)
    {
        string path = SaveTestKeystore();
        EditJson(path, root => root["kdf"]![field] = value);
        var error = Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
        Assert.Contains("unacceptable KDF parameters", error.Message);
    }

    [Theory]
    [InlineData("kdf", "salt")]
    [InlineData("cipher", "nonce")]
    [InlineData("cipher", "tag")]
    public void MissingNestedFieldsAreNamed(string parent, string field)
    {
        string path = SaveTestKeystore();
        EditJson(path, root => root[parent]!.AsObject().Remove(field));
        var error = Assert.Throws<KeystoreFormatException>(() => Keystore.Load(path, Passphrase));
        Assert.Contains($"missing field '{parent}.{field}'", error.Message);
    }

    [Fact]
    public void SaveValidatesItsArguments()
    {
        string path = directory.File("x.json");
        Assert.Throws<ArgumentException>(() => Keystore.Save(path, wallet, ""));
        Assert.Throws<ArgumentException>(() => Keystore.Save(path, wallet, Passphrase, new KdfParameters(1024, 1, Parallelism: 2)));
        Assert.Throws<ArgumentException>(() => Keystore.Save(path, wallet, Passphrase, new KdfParameters(1024, 0)));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void MissingFileIsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => Keystore.Load(directory.File("absent.json"), Passphrase));

    private static void EditJson(string path, Action<JsonNode> edit)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(path))!;
        edit(root);
        File.WriteAllText(path, root.ToJsonString());
    }

    private static string FlipFirstHexDigit(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];

    /// <summary>A keystore whose decrypted payload is these bytes, encrypted under the test passphrase as docs/WALLET.md says.</summary>
    private string SaveKeystoreWithPayload(byte[] plaintext)
    {
        string path = SaveTestKeystore();
        EditJson(path, root =>
        {
            JsonNode kdf = root["kdf"]!, cipher = root["cipher"]!;
            byte[] key = NSec.Cryptography.PasswordBasedKeyDerivationAlgorithm.Argon2id(new NSec.Cryptography.Argon2Parameters
            {
                MemorySize = (int)kdf["memoryKiB"]!,
                NumberOfPasses = (int)kdf["iterations"]!,
                DegreeOfParallelism = (int)kdf["parallelism"]!,
            }).DeriveBytes(Passphrase, Convert.FromHexString((string)kdf["salt"]!), 32);
            byte[] ciphertext = new byte[plaintext.Length], tag = new byte[16];
            using (var aes = new AesGcm(key, tag.Length))
                aes.Encrypt(Convert.FromHexString((string)cipher["nonce"]!), plaintext, ciphertext, tag, Encoding.UTF8.GetBytes(AssociatedData(root)));
            cipher["tag"] = Convert.ToHexStringLower(tag);
            root["ciphertext"] = Convert.ToHexStringLower(ciphertext);
            root["checksum"] = RecomputeChecksum(root);
        });
        return path;
    }

    private static string AssociatedData(JsonNode root)
    {
        JsonNode kdf = root["kdf"]!;
        return $"hashmint-keystore|{(int)root["version"]!}|argon2id|{(int)kdf["memoryKiB"]!}|{(int)kdf["iterations"]!}|{(int)kdf["parallelism"]!}|aes-256-gcm";
    }

    // Mirrors docs/WALLET.md: SHA-256(associated data || salt || nonce || tag || ciphertext).
    private static string RecomputeChecksum(JsonNode root)
    {
        JsonNode kdf = root["kdf"]!, cipher = root["cipher"]!;
        byte[] all = [
            .. Encoding.UTF8.GetBytes(AssociatedData(root)),
            .. Convert.FromHexString((string)kdf["salt"]!),
            .. Convert.FromHexString((string)cipher["nonce"]!),
            .. Convert.FromHexString((string)cipher["tag"]!),
            .. Convert.FromHexString((string)root["ciphertext"]!),
        ];
        return Convert.ToHexStringLower(SHA256.HashData(all));
    }
}

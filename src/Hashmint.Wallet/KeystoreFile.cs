using System.Text.Json;

namespace Hashmint.Wallet;

/// <summary>The on-disk JSON of a keystore (documented in docs/WALLET.md), parsed strictly field by field.</summary>
internal sealed record KeystoreFile(
    int Version, KdfParameters Kdf, byte[] Salt, byte[] Nonce, byte[] Tag, byte[] Ciphertext, byte[] Checksum)
{
    public const string Format = "hashmint-keystore";
    public const int CurrentVersion = 1;
    public const string KdfName = "argon2id";
    public const string CipherName = "aes-256-gcm";
    public const int MaxFileBytes = 64 * 1024;

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteStartObject("kdf");
            json.WriteString("name", KdfName);
            json.WriteNumber("memoryKiB", Kdf.MemoryKiB);
            json.WriteNumber("iterations", Kdf.Iterations);
            json.WriteNumber("parallelism", Kdf.Parallelism);
            json.WriteString("salt", Convert.ToHexStringLower(Salt));
            json.WriteEndObject();
            json.WriteStartObject("cipher");
            json.WriteString("name", CipherName);
            json.WriteString("nonce", Convert.ToHexStringLower(Nonce));
            json.WriteString("tag", Convert.ToHexStringLower(Tag));
            json.WriteEndObject();
            json.WriteString("ciphertext", Convert.ToHexStringLower(Ciphertext));
            json.WriteString("checksum", Convert.ToHexStringLower(Checksum));
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static KeystoreFile Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxFileBytes)
            throw new KeystoreFormatException($"not a keystore: file is {utf8.Length} bytes, a keystore is under {MaxFileBytes}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray());
        }
        catch (JsonException e)
        {
            throw new KeystoreFormatException($"keystore is not valid JSON (truncated or corrupted?): {e.Message}", e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new KeystoreFormatException("keystore must be a JSON object");
            if (String(root, "format") != Format)
                throw new KeystoreFormatException($"not a Hashmint keystore (format is not '{Format}')");
            int version = Int(root, "version");
            if (version != CurrentVersion)
                throw new KeystoreFormatException($"unsupported keystore version {version} (this build reads version {CurrentVersion})");

            JsonElement kdf = Object(root, "kdf");
            if (String(kdf, "name", "kdf.") != KdfName)
                throw new KeystoreFormatException($"unsupported KDF (expected '{KdfName}')");
            var parameters = new KdfParameters(Int(kdf, "memoryKiB", "kdf."), Int(kdf, "iterations", "kdf."), Int(kdf, "parallelism", "kdf."));
            if (parameters.Problem() is { } problem)
                throw new KeystoreFormatException($"keystore has unacceptable KDF parameters: {problem}");

            JsonElement cipher = Object(root, "cipher");
            if (String(cipher, "name", "cipher.") != CipherName)
                throw new KeystoreFormatException($"unsupported cipher (expected '{CipherName}')");

            byte[] ciphertext = Hex(root, "ciphertext", "", length: null);
            if (ciphertext.Length == 0)
                throw new KeystoreFormatException("keystore field 'ciphertext' is empty");
            return new KeystoreFile(
                version,
                parameters,
                Hex(kdf, "salt", "kdf.", KeystoreCrypto.SaltSize),
                Hex(cipher, "nonce", "cipher.", KeystoreCrypto.NonceSize),
                Hex(cipher, "tag", "cipher.", KeystoreCrypto.TagSize),
                ciphertext,
                Hex(root, "checksum", "", 32));
        }
    }

    private static JsonElement Field(JsonElement parent, string name, string prefix, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
            throw new KeystoreFormatException($"keystore is missing field '{prefix}{name}'");
        if (value.ValueKind != kind)
            throw new KeystoreFormatException($"keystore field '{prefix}{name}' must be a JSON {kind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static JsonElement Object(JsonElement parent, string name) => Field(parent, name, "", JsonValueKind.Object);

    private static string String(JsonElement parent, string name, string prefix = "")
    {
        JsonElement value = Field(parent, name, prefix, JsonValueKind.String);
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // JsonDocument.Parse leaves string contents unchecked: invalid UTF-8, or an escape that is half of a
            // surrogate pair, only fails here.
            throw new KeystoreFormatException($"keystore field '{prefix}{name}' is not valid text (invalid UTF-8 or a lone surrogate escape)");
        }
    }

    private static int Int(JsonElement parent, string name, string prefix = "") =>
        Field(parent, name, prefix, JsonValueKind.Number).TryGetInt32(out int value)
            ? value
            : throw new KeystoreFormatException($"keystore field '{prefix}{name}' must be a 32-bit integer");

    private static byte[] Hex(JsonElement parent, string name, string prefix, int? length)
    {
        string text = String(parent, name, prefix);
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new KeystoreFormatException($"keystore field '{prefix}{name}' is not valid hex");
        }
        if (length is { } expected && bytes.Length != expected)
            throw new KeystoreFormatException($"keystore field '{prefix}{name}' must be {expected} bytes, got {bytes.Length}");
        return bytes;
    }
}

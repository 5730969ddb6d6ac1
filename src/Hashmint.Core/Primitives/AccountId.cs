using Hashmint.Crypto;

namespace Hashmint.Core.Primitives;

/// <summary>An account: the 32-byte x-only BIP-340 public key. Shown as bech32m with the network's prefix.</summary>
public readonly record struct AccountId(Hash256 Key)
{
    public const int Size = 32;
    public static readonly AccountId None = new(Hash256.Zero);

    public AccountId(ReadOnlySpan<byte> key) : this(new Hash256(key)) { }

    public bool IsNone => Key.IsZero;
    public byte[] ToArray() => Key.ToArray();

    public string ToAddress(string hrp) => Address.Encode(hrp, Key.ToArray());

    public static bool TryParse(string text, string hrp, out AccountId account, out string error)
    {
        account = None;
        if (!Address.TryDecode(text, hrp, out var pub, out error)) return false;
        account = new AccountId(pub);
        return true;
    }

    public override string ToString() => Key.ToHexInternal();
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hashmint.Pool.Shares;

/// <summary>
/// SHA-256d for the share path (coinbase, Merkle branch, header: ~40 compressions per share with an 11-hash branch).
/// <see cref="System.Security.Cryptography.SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> costs ~0.85 µs a call
/// whatever the length (OpenSSL 3's EVP set-up), which was ~90 % of a share's time; here the same OpenSSL's one-block
/// compression, <c>SHA256_Transform</c> (SHA-NI / AVX2 code chosen by OpenSSL), is called directly and the padding is
/// done in C#, ~50 ns a block. The library is the libcrypto that .NET itself uses on Linux. If it cannot be loaded, or
/// its answers differ from <see cref="Crypto.Sha256d"/> on a self-test at start, <see cref="Crypto.Sha256d"/> is used
/// instead (<see cref="Implementation"/> says which). Either way the bytes hashed and the result are the same.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal static unsafe class ShareHasher
{
    /// <summary>OpenSSL's <c>SHA256_CTX</c> (sha.h, the same in 1.1 and 3.x): <c>SHA256_Transform</c> uses only <c>h</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Sha256Context
    {
        public fixed uint H[8];
        public uint Nl, Nh;
        public fixed uint Data[16];
        public uint Num, MdLen;
    }

    // One block, no blocking, no callbacks: the call qualifies for SuppressGCTransition (saves ~20 ns a call).
    private static readonly delegate* unmanaged[SuppressGCTransition]<Sha256Context*, byte*, void> Transform = Load(out s_implementation);
    private static readonly string s_implementation;

    /// <summary>"openssl SHA256_Transform (libcrypto.so.3)" or "System.Security.Cryptography (fallback: …)".</summary>
    public static string Implementation => s_implementation;
    public static bool IsNative => Transform != null;

    /// <summary>SHA256(SHA256(data)) into 32 bytes.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (Transform == null) { Crypto.Sha256d.Hash(data, destination); return; }
        HashNative(data, destination);
    }

    /// <summary>The portable path (tests compare the two).</summary>
    internal static void HashPortable(ReadOnlySpan<byte> data, Span<byte> destination) => Crypto.Sha256d.Hash(data, destination);

    private static void HashNative(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < 32) throw new ArgumentException("the destination is 32 bytes", nameof(destination));
        if (data.Length > int.MaxValue / 8) throw new ArgumentException("too long", nameof(data));
        Sha256Context ctx;
        Sha256(Transform, &ctx, data);
        SecondHash(Transform, &ctx, destination);
    }

    private static void Initial(Sha256Context* ctx)
    {
        ctx->H[0] = 0x6a09e667; ctx->H[1] = 0xbb67ae85; ctx->H[2] = 0x3c6ef372; ctx->H[3] = 0xa54ff53a;
        ctx->H[4] = 0x510e527f; ctx->H[5] = 0x9b05688c; ctx->H[6] = 0x1f83d9ab; ctx->H[7] = 0x5be0cd19;
    }

    private static delegate* unmanaged[SuppressGCTransition]<Sha256Context*, byte*, void> Load(out string implementation)
    {
        if (Environment.GetEnvironmentVariable("HASHMINT_POOL_PORTABLE_SHA256") == "1")
        {
            implementation = "System.Security.Cryptography (HASHMINT_POOL_PORTABLE_SHA256=1)";
            return null;
        }
        if (!OperatingSystem.IsLinux() || !BitConverter.IsLittleEndian)
        {
            implementation = "System.Security.Cryptography (not little-endian Linux)";
            return null;
        }
        foreach (string name in new[] { "libcrypto.so.3", "libcrypto.so.1.1" })
        {
            if (!NativeLibrary.TryLoad(name, out var library)) continue;
            if (!NativeLibrary.TryGetExport(library, "SHA256_Transform", out var export)) continue;
            var transform = (delegate* unmanaged[SuppressGCTransition]<Sha256Context*, byte*, void>)export;
            if (!SelfTest(transform))
            {
                implementation = $"System.Security.Cryptography (fallback: {name} SHA256_Transform failed the self-test)";
                return null;
            }
            implementation = $"openssl SHA256_Transform ({name})";
            return transform;
        }
        implementation = "System.Security.Cryptography (fallback: no libcrypto with SHA256_Transform)";
        return null;
    }

    /// <summary>Every length from 0 to 300 bytes (every padding case) against <see cref="Crypto.Sha256d"/>.</summary>
    private static bool SelfTest(delegate* unmanaged[SuppressGCTransition]<Sha256Context*, byte*, void> transform)
    {
        var data = new byte[300];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 167 + 13);
        Span<byte> expected = stackalloc byte[32];
        Span<byte> actual = stackalloc byte[32];
        for (int n = 0; n <= data.Length; n++)
        {
            Crypto.Sha256d.Hash(data.AsSpan(0, n), expected);
            Sha256Context ctx;
            Sha256(transform, &ctx, data.AsSpan(0, n));
            SecondHash(transform, &ctx, actual);
            if (!expected.SequenceEqual(actual)) return false;
        }
        return true;
    }

    // The function pointer is a parameter: the self-test runs while the static field is being initialised.
    /// <summary>SHA-256 of data (any length) into ctx->H.</summary>
    private static void Sha256(delegate* unmanaged[SuppressGCTransition]<Sha256Context*, byte*, void> transform, Sha256Context* ctx, ReadOnlySpan<byte> data)
    {
        Initial(ctx);
        int full = data.Length / 64;
        fixed (byte* p = data)
        {
            for (int i = 0; i < full; i++) transform(ctx, p + 64 * i);
        }
        int rest = data.Length - 64 * full;
        // Scalar stores only, here and below: a vector clear (what stackalloc's zeroing and Span.Clear compile to)
        // right before OpenSSL's SSE/SHA-NI code made each call ~3× slower (measured).
        ulong* tail = stackalloc ulong[16];
        for (int i = 0; i < 16; i++) tail[i] = 0;
        var tailBytes = (byte*)tail;
        for (int i = 0; i < rest; i++) tailBytes[i] = data[64 * full + i];
        tailBytes[rest] = 0x80;
        int blocks = rest + 9 <= 64 ? 1 : 2;
        tail[8 * blocks - 1] = BinaryPrimitives.ReverseEndianness((ulong)data.Length * 8);
        transform(ctx, tailBytes);
        if (blocks == 2) transform(ctx, tailBytes + 64);
    }

    /// <summary>SHA-256 of the 32-byte digest in ctx->H, written to destination.</summary>
    private static void SecondHash(delegate* unmanaged[SuppressGCTransition]<Sha256Context*, byte*, void> transform, Sha256Context* ctx, Span<byte> destination)
    {
        uint* block = stackalloc uint[16];
        for (int i = 0; i < 8; i++) block[i] = BinaryPrimitives.ReverseEndianness(ctx->H[i]);
        block[8] = 0x80; // the byte 0x80 (little-endian word)
        for (int i = 9; i < 15; i++) block[i] = 0;
        block[15] = 0x00010000; // the length, 256 bits, big-endian in the last 8 bytes: byte 62 = 0x01
        Initial(ctx);
        transform(ctx, (byte*)block);
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(destination[(4 * i)..], ctx->H[i]);
    }
}

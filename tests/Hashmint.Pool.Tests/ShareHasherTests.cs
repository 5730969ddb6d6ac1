using System.Security.Cryptography;
using Hashmint.Pool.Shares;

namespace Hashmint.Pool.Tests;

public sealed class ShareHasherTests
{
    [Fact]
    public void The_share_path_uses_openssls_block_function_on_linux()
    {
        // .NET on Linux runs on OpenSSL's libcrypto, so it is there; if this fails the pool still works (portable
        // path), only ~8× slower per share: see docs/PERFORMANCE.md.
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("HASHMINT_POOL_PORTABLE_SHA256") != "1")
            Assert.True(ShareHasher.IsNative, ShareHasher.Implementation);
    }

    [Fact]
    public void Sha256d_equals_the_portable_one_for_every_length_and_padding_case()
    {
        var data = new byte[1100];
        new Random(7).NextBytes(data);
        Span<byte> expected = stackalloc byte[32];
        Span<byte> actual = stackalloc byte[32];
        for (int n = 0; n <= data.Length; n++)
        {
            SHA256.HashData(SHA256.HashData(data.AsSpan(0, n)), expected);
            ShareHasher.Hash(data.AsSpan(0, n), actual);
            Assert.True(expected.SequenceEqual(actual), $"length {n}");
        }
    }

    [Fact]
    public void Known_answers_and_hashing_in_place()
    {
        Span<byte> digest = stackalloc byte[32];
        ShareHasher.Hash([], digest);
        Assert.Equal("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456", Convert.ToHexStringLower(digest));
        ShareHasher.Hash("hello"u8, digest);
        Assert.Equal("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50", Convert.ToHexStringLower(digest));

        // A Merkle step hashes a 64-byte pair into its own first half.
        var pair = new byte[64];
        new Random(11).NextBytes(pair);
        var expected = SHA256.HashData(SHA256.HashData(pair));
        ShareHasher.Hash(pair, pair.AsSpan(0, 32));
        Assert.Equal(expected, pair[..32]);
    }
}

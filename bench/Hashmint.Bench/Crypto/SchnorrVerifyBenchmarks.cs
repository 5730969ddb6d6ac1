using BenchmarkDotNet.Attributes;
using Hashmint.Crypto;

namespace Hashmint.Bench.Crypto;

/// <summary>
/// The signature-verification bound: BIP-340 verifications per second on one core and on all cores. Block import
/// is measured against this (see Ledger/BlockImportBenchmarks).
/// </summary>
[MemoryDiagnoser]
public class SchnorrVerifyBenchmarks
{
    public const int Count = 5000;
    private byte[][] _sigs = null!, _msgs = null!, _keys = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _sigs = new byte[Count][];
        _msgs = new byte[Count][];
        _keys = new byte[Count][];
        for (int i = 0; i < Count; i++)
        {
            var secret = new byte[32];
            do { rng.NextBytes(secret); } while (!Schnorr.IsValidSecretKey(secret));
            _msgs[i] = TaggedHash.Hash("bench", BitConverter.GetBytes(i));
            _keys[i] = Schnorr.GetXOnlyPublicKey(secret);
            _sigs[i] = Schnorr.Sign(_msgs[i], secret);
        }
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "verify, 1 thread")]
    public int VerifyOneThread()
    {
        int ok = 0;
        for (int i = 0; i < Count; i++) if (Schnorr.Verify(_sigs[i], _msgs[i], _keys[i])) ok++;
        return ok;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "verify, all threads")]
    public int VerifyAllThreads()
    {
        int ok = 0;
        Parallel.For(0, (Count + 63) / 64, () => 0, (c, _, local) =>
        {
            int end = Math.Min(Count, (c + 1) * 64);
            for (int i = c * 64; i < end; i++) if (Schnorr.Verify(_sigs[i], _msgs[i], _keys[i])) local++;
            return local;
        }, local => Interlocked.Add(ref ok, local));
        return ok;
    }
}

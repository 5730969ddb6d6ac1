using BenchmarkDotNet.Attributes;
using Hashmint.Mining;

namespace Hashmint.Bench.Mining;

/// <summary>
/// One thread searching 2^18 nonces of a header with an impossible target, per engine the CPU supports.
/// Reported per hash (OperationsPerInvoke), so 1 / Mean is the single-thread hash rate.
/// </summary>
[MemoryDiagnoser]
public class NonceSearchBenchmarks
{
    private const int NoncesPerInvoke = 1 << 18;

    private readonly byte[] _header = Enumerable.Range(0, 80).Select(i => (byte)(i * 37 + 11)).ToArray();
    private readonly byte[] _impossibleTarget = new byte[32];
    private INonceSearchEngine _engine = null!;
    private uint _nextStart;

    public static IEnumerable<string> Engines => NonceSearchEngines.Supported;

    [ParamsSource(nameof(Engines))]
    public string Engine { get; set; } = NonceSearchEngines.Auto;

    [GlobalSetup]
    public void Setup() => _engine = NonceSearchEngines.Create(Engine);

    [Benchmark(OperationsPerInvoke = NoncesPerInvoke)]
    public ulong Search()
    {
        _engine.Search(_header, _impossibleTarget, _nextStart, NoncesPerInvoke, CancellationToken.None, out _, out ulong done);
        _nextStart += NoncesPerInvoke;
        return done;
    }
}

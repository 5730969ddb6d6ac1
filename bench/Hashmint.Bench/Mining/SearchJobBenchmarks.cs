using BenchmarkDotNet.Attributes;
using Hashmint.Mining.Search;

namespace Hashmint.Bench.Mining;

/// <summary>Cost of the per-job precomputation (midstate, rounds 0..3, constant schedule words) paid per Search call.</summary>
[MemoryDiagnoser]
public class SearchJobBenchmarks
{
    private readonly byte[] _header = Enumerable.Range(0, 80).Select(i => (byte)i).ToArray();
    private readonly byte[] _target = new byte[32];

    [Benchmark]
    public uint PrepareJob() => new SearchJob(_header, _target).KPlusW17;
}

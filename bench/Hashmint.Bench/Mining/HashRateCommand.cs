using System.Globalization;
using Hashmint.Mining;

namespace Hashmint.Bench.Mining;

/// <summary>
/// <c>hashrate [--engine auto|avx512|avx512vl|avx2|scalar|all] [--threads N[,M...]] [--seconds S] [--repeat R]</c>:
/// prints one "sha256d ..." line per engine, thread count and repetition.
/// </summary>
public static class HashRateCommand
{
    public const string Name = "hashrate";

    public static int Run(string[] args)
    {
        string engine = "auto";
        string threads = "1";
        double seconds = 5;
        int repeat = 1;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--engine": engine = args[i + 1]; break;
                case "--threads": threads = args[i + 1]; break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}");
                    return 2;
            }
        }

        IEnumerable<string> engines = engine == "all" ? NonceSearchEngines.Supported : [engine];
        foreach (string name in engines)
        {
            foreach (int threadCount in threads.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)))
            {
                for (int run = 0; run < repeat; run++)
                    Console.WriteLine(HashBenchmark.Format(HashBenchmark.Run(name, threadCount, TimeSpan.FromSeconds(seconds))));
            }
        }
        return 0;
    }
}

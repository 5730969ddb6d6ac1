using System.Runtime.InteropServices;
using Hashmint.Fuzz;

// One entry point for every target. See docs/FUZZING.md.
const string usage = """
    usage: Hashmint.Fuzz <target>                       run the target under libFuzzer (fuzz/run starts this)
           Hashmint.Fuzz replay <target> <file|dir>...  run saved inputs in-process, without libFuzzer
           Hashmint.Fuzz replay-corpus <root>...        replay <root>/<target>/* for every target (fuzz/corpus, fuzz/regressions)
           Hashmint.Fuzz generate-corpus <root>         write the seed corpus as <root>/<target>/<name>
           Hashmint.Fuzz list                           the targets
    """;

switch (args)
{
    case ["list"]:
        MapCoverageSink();
        foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name,-22} {t.Decoder}; rejects with {t.Rejects}");
        return 0;
    case ["replay", var name, .. var paths] when paths.Length > 0:
        {
            if (FuzzTargets.Find(name) is not { } target) return Unknown(name);
            MapCoverageSink();
            return Report(CorpusReplay.Inputs(paths).Select(p => CorpusReplay.Run(target, p)));
        }
    case ["replay-corpus", .. var roots] when roots.Length > 0:
        MapCoverageSink();
        return Report(CorpusReplay.UnderRoots(roots).Select(x => CorpusReplay.Run(x.Target, x.Path)));
    case ["generate-corpus", var root]:
        {
            var seeds = SeedCorpus.Generate();
            foreach (var dir in seeds.Select(s => Path.Combine(root, s.Target)).Distinct())
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                Directory.CreateDirectory(dir);
            }
            foreach (var s in seeds) File.WriteAllBytes(Path.Combine(root, s.Target, s.Name), s.Bytes);
            Console.WriteLine($"wrote {seeds.Count} seeds ({seeds.Sum(s => s.Bytes.Length):N0} bytes) for {seeds.Select(s => s.Target).Distinct().Count()} targets under {root}");
            return 0;
        }
    case [var name]:
        {
            if (FuzzTargets.Find(name) is not { } target) return Unknown(name);
            // Returns when libFuzzer stops; without libFuzzer's environment it runs the file named by args[1] once.
            SharpFuzz.Fuzzer.LibFuzzer.Run(input => target.Check(input));
            return 0;
        }
    default:
        Console.Error.WriteLine(usage);
        return 2;
}

static int Unknown(string name)
{
    Console.Error.WriteLine($"unknown target '{name}'; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}

static int Report(IEnumerable<ReplayResult> results)
{
    int accepted = 0, rejected = 0, failed = 0;
    foreach (var r in results)
    {
        Console.WriteLine(r);
        if (!r.Ok) failed++;
        else if (r.Accepted) accepted++;
        else rejected++;
    }
    Console.WriteLine($"replayed {accepted + rejected + failed} inputs: {accepted} accepted, {rejected} rejected, {failed} failed");
    return failed == 0 ? 0 : 1;
}

// Instrumented assemblies (fuzz/.build/*/instrumented) count edges into SharpFuzz's map; outside libFuzzer that map
// must still exist, so a replay works with either build.
static unsafe void MapCoverageSink() => SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);

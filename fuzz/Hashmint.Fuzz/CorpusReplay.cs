using System.Diagnostics;

namespace Hashmint.Fuzz;

/// <summary>What one input did: accepted, refused with the documented exception, failed (a bug), or hung.</summary>
public sealed record ReplayResult(string Path, bool Accepted, Exception? Failure, bool TimedOut, TimeSpan Elapsed)
{
    public bool Ok => Failure is null && !TimedOut;

    public override string ToString() =>
        TimedOut ? $"HANG     {Path} (still running after {Elapsed.TotalSeconds:0.#} s)"
        : Failure is not null ? $"FAILED   {Path}: {Failure}"
        : $"{(Accepted ? "accepted" : "rejected")} {Path}";
}

/// <summary>
/// Runs saved inputs through the targets in this process, without libFuzzer (regression tests, crash triage).
/// A corpus root holds one directory per target: fuzz/corpus/&lt;target&gt;/, fuzz/regressions/&lt;target&gt;/.
/// </summary>
public static class CorpusReplay
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The files named, and the files inside the directories named, in name order (dot files skipped).</summary>
    public static IReadOnlyList<string> Inputs(IEnumerable<string> paths) =>
        paths.SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)
                : Enumerable.Repeat(p, 1))
            .ToList();

    /// <summary>Each target's inputs under the roots (targets without a directory are left out).</summary>
    public static IEnumerable<(FuzzTarget Target, string Path)> UnderRoots(IEnumerable<string> roots) =>
        from target in FuzzTargets.All
        from root in roots
        let dir = Path.Combine(root, target.Name)
        where Directory.Exists(dir)
        from file in Inputs([dir])
        select (target, file);

    public static ReplayResult Run(FuzzTarget target, string path, TimeSpan? timeout = null)
    {
        var input = File.ReadAllBytes(path);
        bool accepted = false;
        Exception? failure = null;
        var clock = Stopwatch.StartNew();
        // A worker thread, so that a hang is reported instead of hanging the caller.
        var worker = new Thread(() =>
        {
            try { accepted = target.Check(input); }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true, Name = $"replay {target.Name}" };
        worker.Start();
        bool finished = worker.Join(timeout ?? DefaultTimeout);
        return new ReplayResult(path, accepted, failure, !finished, clock.Elapsed);
    }
}

namespace Hashmint.Fuzz.Tests;

/// <summary>
/// The committed inputs, replayed in-process through the same targets libFuzzer runs: every input may only be
/// refused with the decoder's documented exception, whatever is accepted re-encodes to its own bytes, and the seeds
/// mean what their names say (valid-* accepted, invalid-* refused).
/// </summary>
public sealed class CorpusReplayTests
{
    [Theory]
    [MemberData(nameof(Repository.TargetNames), MemberType = typeof(Repository))]
    public void SeedCorpusReplays(string target)
    {
        var inputs = CorpusReplay.Inputs([Path.Combine(Repository.Corpus, target)]);
        Assert.Contains(inputs, p => Path.GetFileName(p).StartsWith("valid-", StringComparison.Ordinal));
        foreach (var path in inputs)
        {
            var result = CorpusReplay.Run(FuzzTargets.Find(target)!, path);
            Assert.True(result.Ok, result.ToString());
            var name = Path.GetFileName(path);
            if (name.StartsWith("valid-", StringComparison.Ordinal)) Assert.True(result.Accepted, $"{name} should decode");
            if (name.StartsWith("invalid-", StringComparison.Ordinal)) Assert.False(result.Accepted, $"{name} should be refused");
        }
    }

    public static IEnumerable<object[]> TargetsWithRegressions() =>
        FuzzTargets.All.Where(t => Directory.Exists(Path.Combine(Repository.Regressions, t.Name))).Select(t => new object[] { t.Name });

    /// <summary>Inputs that once crashed a decoder (fuzz/regressions/&lt;target&gt;/, each also a test beside its decoder).</summary>
    [Theory]
    [MemberData(nameof(TargetsWithRegressions))]
    public void RegressionInputsReplay(string target)
    {
        var inputs = CorpusReplay.Inputs([Path.Combine(Repository.Regressions, target)]);
        Assert.NotEmpty(inputs);
        foreach (var path in inputs)
        {
            var result = CorpusReplay.Run(FuzzTargets.Find(target)!, path);
            Assert.True(result.Ok, result.ToString());
        }
    }

    [Fact]
    public void EveryTargetHasACorpusDirectoryAndEveryDirectoryATarget()
    {
        var names = FuzzTargets.All.Select(t => t.Name).ToHashSet();
        foreach (var root in new[] { Repository.Corpus, Repository.Regressions }.Where(Directory.Exists))
            foreach (var dir in Directory.GetDirectories(root))
                Assert.Contains(Path.GetFileName(dir), names);
        foreach (var name in names) Assert.True(Directory.Exists(Path.Combine(Repository.Corpus, name)), $"fuzz/corpus/{name} is missing");
        Assert.Equal(names.Count, FuzzTargets.All.Count);
    }

    [Fact]
    public void SeedCorpusStaysSmall()
    {
        long bytes = Directory.EnumerateFiles(Repository.Corpus, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(bytes, 1, 256 * 1024);
    }

    [Fact]
    public void GeneratorIsDeterministic()
    {
        var first = SeedCorpus.Generate();
        var second = SeedCorpus.Generate();
        Assert.Equal(first.Select(s => (s.Target, s.Name, Convert.ToHexString(s.Bytes))), second.Select(s => (s.Target, s.Name, Convert.ToHexString(s.Bytes))));
        Assert.Equal(first.Count, first.Select(s => (s.Target, s.Name)).Distinct().Count());
    }
}

namespace Hashmint.Fuzz.Tests;

/// <summary>Paths in the source tree (found from the test binaries upwards).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Corpus => Path.Combine(Root, "fuzz", "corpus");
    public static string Regressions => Path.Combine(Root, "fuzz", "regressions");

    public static IEnumerable<object[]> TargetNames() => FuzzTargets.All.Select(t => new object[] { t.Name });

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Hashmint.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Hashmint.slnx above {AppContext.BaseDirectory}");
    }
}

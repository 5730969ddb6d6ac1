namespace Hashmint.Storage.Tests;

/// <summary>
/// The OPTIONS-* file RocksDB writes into the database directory on every open: the options each
/// family really got, as INI sections ("[CFOptions "name"]" then "key=value" lines).
/// </summary>
public sealed class RocksDbOptionsFile
{
    private readonly Dictionary<string, Dictionary<string, string>> _sections;

    private RocksDbOptionsFile(Dictionary<string, Dictionary<string, string>> sections) => _sections = sections;

    public static RocksDbOptionsFile ReadLatest(string directory)
    {
        // The file number grows with each open; the highest is the options now in force.
        var path = Directory.GetFiles(directory, "OPTIONS-*")
            .Where(f => !f.EndsWith(".dbtmp", StringComparison.Ordinal))
            .MaxBy(f => long.Parse(Path.GetFileName(f)["OPTIONS-".Length..], System.Globalization.CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException($"no OPTIONS file in {directory}");
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                sections[line[1..^1]] = current;
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is not null && equals > 0) current[line[..equals]] = line[(equals + 1)..];
        }
        return new RocksDbOptionsFile(sections);
    }

    /// <summary>One section by its bracketed title, e.g. <c>CFOptions "state"</c>.</summary>
    public IReadOnlyDictionary<string, string> Section(string title) =>
        _sections.TryGetValue(title, out var section) ? section : throw new KeyNotFoundException($"no [{title}] section in the OPTIONS file");
}

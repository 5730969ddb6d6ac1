namespace Hashmint.Storage;

/// <summary>Checks the families a store is opened with, and words the error for one it was not.</summary>
internal static class DeclaredFamilies
{
    /// <summary>
    /// The distinct families, in order. The same object listed twice counts once; two different
    /// objects with one name would share one key space on disk, so they are refused.
    /// </summary>
    public static List<ColumnFamily> Validate(IEnumerable<ColumnFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var byName = new Dictionary<string, ColumnFamily>(StringComparer.Ordinal);
        var distinct = new List<ColumnFamily>();
        foreach (var family in families)
        {
            if (family is null) throw new ArgumentException("The list of column families contains null.", nameof(families));
            if (byName.TryGetValue(family.Name, out var earlier))
            {
                if (ReferenceEquals(earlier, family)) continue;
                throw new ArgumentException($"two different column families are named '{family.Name}'.", nameof(families));
            }
            byName.Add(family.Name, family);
            distinct.Add(family);
        }
        return distinct;
    }

    public static ArgumentException NotDeclared(ColumnFamily family) =>
        new($"column family '{family.Name}' was not declared when the store was opened.", nameof(family));
}

using System.Collections.Frozen;
using System.Text.Json;

namespace Hashmint.Core.Nft;

/// <summary>
/// The one spelling of an enum value that people see, in the CLI, the API and the pages: kebab-case, exactly what
/// <see cref="JsonNamingPolicy.KebabCaseLower"/> makes of the value's name (<c>GameItem</c> → <c>game-item</c>,
/// <c>ProofOfWork</c> → <c>proof-of-work</c>). Parsing accepts exactly those names (case-insensitive), nothing else.
/// </summary>
public static class EnumNames<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> ByValue =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, T> ByName =
        ByValue.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every value's name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<T>().Select(v => ByValue[v])];

    /// <summary>The value's kebab-case name; a value outside the enum gets its number.</summary>
    public static string Format(T value) => ByValue.TryGetValue(value, out var name) ? name : value.ToString();

    public static bool TryParse(string? text, out T value) => ByName.TryGetValue(text?.Trim() ?? "", out value);
}

/// <summary>Non-generic helpers over <see cref="EnumNames{T}"/>.</summary>
public static class EnumNames
{
    public static string Format<T>(T value) where T : struct, Enum => EnumNames<T>.Format(value);

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum => EnumNames<T>.TryParse(text, out value);

    /// <summary>"a, b or c": the names of the given values (default: all), for help text and error messages.</summary>
    public static string List<T>(IEnumerable<T>? values = null) where T : struct, Enum
    {
        var names = values is null ? EnumNames<T>.Names : [.. values.Select(EnumNames<T>.Format)];
        return names.Count <= 1 ? string.Join("", names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
    }
}

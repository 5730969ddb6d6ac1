using System.Text.RegularExpressions;

namespace Hashmint.Core.Nft;

/// <summary>Collection ids are short slugs: a lower-case letter, then 2..31 of [a-z0-9-].</summary>
public static partial class CollectionIds
{
    /// <summary>The built-in collection of block NFTs; no one else may take the name.</summary>
    public const string Blocks = "blocks";

    [GeneratedRegex(@"^[a-z][a-z0-9-]{2,31}\z")] // \z, not $: $ also matches before a final newline
    private static partial Regex SlugPattern();

    public static bool IsValid(string id) => SlugPattern().IsMatch(id);
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Hashmint.Core.Nft;

namespace Hashmint.Node.Cli;

/// <summary>
/// How option and argument values are parsed, so a bad value is refused with a message in the CLI's words
/// ("--token: 'abc' is not a whole number (0..18446744073709551615)") and never with a .NET type name.
/// Commands declare a range with <see cref="Range{T}(Option{T}, T, T)"/>; <see cref="ParseEveryValue"/> gives every
/// other non-string option and argument of the tree its type's full range.
/// </summary>
public static class CliValues
{
    public static Option<T> Range<T>(this Option<T> option, T min, T max) where T : struct, IBinaryInteger<T>
    {
        option.CustomParser = r => Whole(r, option.Name, min, max);
        return option;
    }

    public static Option<T?> Range<T>(this Option<T?> option, T min, T max) where T : struct, IBinaryInteger<T>
    {
        option.CustomParser = r => Whole(r, option.Name, min, max);
        return option;
    }

    public static Argument<T> Range<T>(this Argument<T> argument, T min, T max) where T : struct, IBinaryInteger<T>
    {
        argument.CustomParser = r => Whole(r, $"<{argument.Name}>", min, max);
        return argument;
    }

    public static Option<double> Range(this Option<double> option, double min, double max)
    {
        option.CustomParser = r => Real(r, option.Name, min, max);
        return option;
    }

    /// <summary>
    /// An option whose value is one of an enum's kebab-case names (<see cref="EnumNames{T}"/>), limited to
    /// <paramref name="allowed"/>, plus documented aliases. The help shows the names, never the C# spelling.
    /// </summary>
    public static Option<T?> Enum<T>(string name, string what, T[] allowed, T? defaultValue = null, IReadOnlyDictionary<string, T>? aliases = null)
        where T : struct, System.Enum
    {
        string list = EnumNames.List(allowed);
        string aliasText = aliases is { Count: > 0 } ? $"; alias {string.Join(", ", aliases.Select(a => $"{a.Key} = {EnumNames.Format(a.Value)}"))}" : "";
        string defaultText = defaultValue is { } d ? $" (default: {EnumNames.Format(d)})" : "";
        var option = new Option<T?>(name)
        {
            Description = $"{what}: {list}{defaultText}{aliasText}",
            HelpName = string.Join('|', allowed.Select(EnumNames.Format)),
        };
        option.CompletionSources.Add(allowed.Select(EnumNames.Format).ToArray());
        option.CustomParser = r =>
        {
            if (Single(r, name) is not { } text) return null;
            if (EnumNames.TryParse(text, out T value) && allowed.Contains(value)) return value;
            if (aliases is not null && aliases.TryGetValue(text.Trim().ToLowerInvariant(), out value)) return value;
            r.AddError($"{name}: '{text}' is not one of {list}{(aliases is { Count: > 0 } ? $" (or {string.Join(", ", aliases.Keys)})" : "")}");
            return null;
        };
        return option;
    }

    /// <summary>Gives every option and argument of the tree whose values are not strings a parser with the CLI's messages, unless it has one.</summary>
    public static void ParseEveryValue(Command command)
    {
        foreach (var option in command.Options) Attach(option);
        foreach (var argument in command.Arguments) Attach(argument);
        foreach (var sub in command.Subcommands) ParseEveryValue(sub);
    }

    private static void Attach(Symbol symbol)
    {
        if (symbol is System.CommandLine.Help.HelpOption or VersionOption) return; // their own actions, no values
        switch (symbol)
        {
            case Option<int> o when o.CustomParser is null: o.Range(int.MinValue, int.MaxValue); break;
            case Option<int?> o when o.CustomParser is null: o.Range(int.MinValue, int.MaxValue); break;
            case Option<uint> o when o.CustomParser is null: o.Range(uint.MinValue, uint.MaxValue); break;
            case Option<uint?> o when o.CustomParser is null: o.Range(uint.MinValue, uint.MaxValue); break;
            case Option<ushort> o when o.CustomParser is null: o.Range(ushort.MinValue, ushort.MaxValue); break;
            case Option<ulong> o when o.CustomParser is null: o.Range(ulong.MinValue, ulong.MaxValue); break;
            case Option<ulong?> o when o.CustomParser is null: o.Range(ulong.MinValue, ulong.MaxValue); break;
            case Option<long> o when o.CustomParser is null: o.Range(long.MinValue, long.MaxValue); break;
            case Option<double> o when o.CustomParser is null: o.Range(double.MinValue, double.MaxValue); break;
            case Option<bool> o when o.CustomParser is null: o.CustomParser = r => Flag(r, o.Name); break;
            case Argument<int> a when a.CustomParser is null: a.Range(int.MinValue, int.MaxValue); break;
            case Argument<ulong> a when a.CustomParser is null: a.Range(ulong.MinValue, ulong.MaxValue); break;
        }
    }

    private static string? Single(ArgumentResult r, string name)
    {
        if (r.Tokens.Count == 1) return r.Tokens[0].Value;
        r.AddError(r.Tokens.Count == 0 ? $"{name} needs a value" : $"{name} takes one value, not {r.Tokens.Count}");
        return null;
    }

    private static T Whole<T>(ArgumentResult r, string name, T min, T max) where T : struct, IBinaryInteger<T>
    {
        if (Single(r, name) is not { } text) return min;
        // Parse wide first, so "0" for a 1.. option says "too small" rather than "not a whole number".
        if (!BigInteger.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            r.AddError($"{name}: '{text}' is not a whole number ({min}..{max})");
            return min;
        }
        if (value < BigInteger.CreateChecked(min)) r.AddError($"{name}: {text.Trim()} is too small (at least {min})");
        else if (value > BigInteger.CreateChecked(max)) r.AddError($"{name}: {text.Trim()} is too large (at most {max})");
        else return T.CreateChecked(value);
        return min;
    }

    private static double Real(ArgumentResult r, string name, double min, double max)
    {
        if (Single(r, name) is not { } text) return min;
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            r.AddError($"{name}: '{text}' is not a number (e.g. 2.5)");
        else if (value < min) r.AddError($"{name}: {text.Trim()} is too small (at least {min.ToString(CultureInfo.InvariantCulture)})");
        else if (value > max) r.AddError($"{name}: {text.Trim()} is too large (at most {max.ToString(CultureInfo.InvariantCulture)})");
        else return value;
        return min;
    }

    private static bool Flag(ArgumentResult r, string name)
    {
        if (r.Tokens.Count == 0) return true;
        if (r.Tokens.Count == 1 && bool.TryParse(r.Tokens[0].Value, out bool value)) return value;
        r.AddError($"{name} is a switch: give it alone (or as {name} true / {name} false)");
        return false;
    }
}

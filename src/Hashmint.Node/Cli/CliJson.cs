using System.Text.Json;

namespace Hashmint.Node.Cli;

/// <summary>How the CLI prints JSON it builds itself: camelCase, one line (scripts grep it).</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

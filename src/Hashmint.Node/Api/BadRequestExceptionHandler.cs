using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Hashmint.Node.Api;

/// <summary>
/// Turns the framework's request errors into problems with a code and a sentence for people: a body over the limit
/// (413), a query or route value that does not parse (400, naming the parameter), a body that is not JSON. Anything
/// else falls through to the generic 500 problem, whose detail never carries a stack trace.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var (code, detail) = Describe(bad);
        context.Response.StatusCode = bad.StatusCode;
        var title = bad.StatusCode switch { 413 => "Payload too large", 408 => "Request timeout", 400 => "Bad request", _ => "Refused" };
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = bad.StatusCode, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = null });
    }

    private static (string Code, string Detail) Describe(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("too-large", "the request body is larger than this call accepts");
        if (BindFailure().Match(e.Message) is { Success: true } m)
            return ("bad-parameter", $"'{m.Groups["name"].Value}' must be {Words(m.Groups["type"].Value)}, not '{Cut(m.Groups["value"].Value)}'");
        if (MissingParameter().Match(e.Message) is { Success: true } missing)
            return ("missing-parameter", $"'{missing.Groups["name"].Value}' is required");
        if (e.InnerException is System.Text.Json.JsonException) return ("bad-body", "the request body is not the JSON this call expects");
        if (e.StatusCode == StatusCodes.Status408RequestTimeout) return ("request-timeout", "the request body arrived too slowly");
        return (ApiErrors.CodeFor(e.StatusCode), e.StatusCode == 400 ? "the request is malformed" : $"the request was refused ({e.StatusCode})");
    }

    private static string Cut(string value) => value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>The parameter's type in words ("Nullable<int>", "int?", "Int32" all read as a whole number).</summary>
    private static string Words(string type)
    {
        var t = type.ToLowerInvariant();
        if (t.Contains("bool")) return "true or false";
        if (t.Contains("int") || t.Contains("long") || t.Contains("short") || t.Contains("byte")) return "a whole number";
        if (t.Contains("double") || t.Contains("single") || t.Contains("float") || t.Contains("decimal")) return "a number";
        return "a valid value";
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>\w+)" was not provided""")]
    private static partial Regex MissingParameter();
}

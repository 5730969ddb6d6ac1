using Hashmint.Ledger;

namespace Hashmint.Node.Api;

/// <summary>RFC 7807 problem responses with a stable "code" extension next to the human detail.</summary>
public static class ApiErrors
{
    public static IResult BadRequest(string code, string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", code, detail);
    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", "not-found", detail);
    public static IResult Rejected(Rejection r) => Problem(StatusCodes.Status400BadRequest, "Rejected", r.Code, r.Message);
    public static IResult Gone(Rejection r, string detail) => Problem(StatusCodes.Status410Gone, "Dropped", r.Code, detail);
    public static IResult Conflict(string code, string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", code, detail);
    public static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", "too-large", detail);
    public static IResult Unauthorized() => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "unauthorized",
        "this call needs the node's API token: send 'Authorization: Bearer <token>' with the token from the data directory's api-token file");

    public static IResult Problem(int status, string title, string code, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>
    /// Completes every problem the framework writes by itself (unknown route, wrong method, a crash): a code by status
    /// and a sentence for people, since those come with neither; a 5xx never says more than that something failed.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Extensions.TryAdd("code", CodeFor(status));
        if (status >= 500) problem.Detail = "the node hit an internal error; it keeps running (details are in its log)";
        else if (string.IsNullOrWhiteSpace(problem.Detail)) problem.Detail = DetailFor(status, context.HttpContext.Request);
    }

    private static string DetailFor(int status, HttpRequest request) => status switch
    {
        404 => "there is nothing at this path: the API is described at /openapi/v1.json",
        405 => $"this path does not take {request.Method}",
        _ => $"the request was refused ({status})",
    };

    /// <summary>The code of a problem that carries none (framework responses: unknown routes, wrong methods, crashes).</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        406 => "not-acceptable",
        408 => "request-timeout",
        411 => "length-required",
        413 => "too-large",
        415 => "unsupported-media-type",
        421 => "bad-host",
        429 => "too-many-requests",
        431 => "headers-too-large",
        >= 500 => "internal-error",
        _ => "error",
    };
}

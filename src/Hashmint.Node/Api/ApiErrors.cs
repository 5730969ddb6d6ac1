using Hashmint.Ledger;

namespace Hashmint.Node.Api;

/// <summary>RFC 7807 problem responses with a stable "code" extension next to the human detail.</summary>
public static class ApiErrors
{
    public static IResult BadRequest(string code, string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", code, detail);
    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", "not-found", detail);
    public static IResult Rejected(Rejection r) => Problem(StatusCodes.Status400BadRequest, "Rejected", r.Code, r.Message);
    public static IResult Unauthorized() => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "unauthorized",
        "this call needs the node's API token: send 'Authorization: Bearer <token>' with the token from the data directory's api-token file");

    private static IResult Problem(int status, string title, string code, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}

using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Api;

/// <summary>/openapi/v1.json describes the admin token, the admin request bodies and the main reads' responses.</summary>
public sealed class OpenApiDocumentTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    private async Task<JsonElement> Document() => await f.Http.GetFromJsonAsync<JsonElement>("openapi/v1.json");

    private static JsonElement Operation(JsonElement doc, string path, string method)
    {
        Assert.True(doc.GetProperty("paths").TryGetProperty(path, out var item), $"no path {path}");
        Assert.True(item.TryGetProperty(method, out var op), $"no {method} {path}");
        return op;
    }

    /// <summary>A schema, following one $ref into components.</summary>
    private static JsonElement Resolve(JsonElement doc, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var r))
        {
            var name = r.GetString()!.Split('/')[^1];
            return doc.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }

    [Fact]
    public async Task The_bearer_scheme_is_declared_and_required_by_every_admin_operation_and_only_those()
    {
        var doc = await Document();
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var secured = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
                if (op.Value.TryGetProperty("security", out var security) &&
                    security.EnumerateArray().Any(req => req.TryGetProperty("Bearer", out _)))
                    secured.Add($"{op.Name} {path.Name}");
        Assert.Equal(["post /api/v1/admin/generate", "post /api/v1/admin/mining", "post /api/v1/blocks"], secured.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/admin/mining", "enabled", "threads")]
    [InlineData("/api/v1/admin/generate", "count", "address")]
    public async Task Admin_operations_document_their_json_body(string path, string first, string second)
    {
        var doc = await Document();
        var body = Operation(doc, path, "post").GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        var schema = Resolve(doc, body.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var properties = schema.GetProperty("properties");
        Assert.True(properties.TryGetProperty(first, out _), $"{path} body schema lacks '{first}': {schema}");
        Assert.True(properties.TryGetProperty(second, out _), $"{path} body schema lacks '{second}': {schema}");
        Assert.True(Operation(doc, path, "post").GetProperty("responses").TryGetProperty("401", out _));
    }

    [Theory]
    [InlineData("/api/v1/status", "tipHash")]
    [InlineData("/api/v1/blocks", "items")]
    [InlineData("/api/v1/blocks/{id}", "merkleRoot")]
    [InlineData("/api/v1/transactions/{txid}", "status")]
    [InlineData("/api/v1/accounts/{address}", "proof")]
    [InlineData("/api/v1/accounts/{address}/tokens", "items")]
    [InlineData("/api/v1/collections", "items")]
    [InlineData("/api/v1/collections/{id}", "mintPolicy")]
    [InlineData("/api/v1/collections/{id}/tokens", "items")]
    [InlineData("/api/v1/collections/{id}/tokens/{tokenId}", "owner")]
    [InlineData("/api/v1/collections/{id}/mint-job", "previousMintHash")]
    [InlineData("/api/v1/collections/{id}/activity/market", "items")]
    [InlineData("/api/v1/collections/{id}/tokens/{tokenId}/activity/market", "items")]
    [InlineData("/api/v1/accounts/{address}/activity/market", "items")]
    public async Task The_main_reads_document_their_response_schema(string path, string property)
    {
        var doc = await Document();
        var ok = Operation(doc, path, "get").GetProperty("responses").GetProperty("200");
        var json = default(JsonElement);
        Assert.True(ok.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out json),
            $"GET {path} documents no JSON response: {ok}");
        var schema = Resolve(doc, json.GetProperty("schema"));
        Assert.True(schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(property, out _),
            $"GET {path} response schema lacks '{property}': {schema}");
    }

    [Fact]
    public async Task The_mempool_documents_a_list_of_entries()
    {
        var doc = await Document();
        var schema = Operation(doc, "/api/v1/mempool", "get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("array", schema.GetProperty("type").GetString());
        Assert.True(Resolve(doc, schema.GetProperty("items")).GetProperty("properties").TryGetProperty("txid", out _));
    }

    [Fact]
    public async Task Enum_schemas_are_kebab_case_like_the_json()
    {
        var doc = await Document();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        string Values(string name) => string.Join(",", schemas.GetProperty(name).GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("art,collectible,game-item,land", Values("CollectionKind"));
        Assert.Equal("free,market-only", Values("TransferPolicy"));
        Assert.Equal("creator,open,proof-of-work,blocks", Values("MintPolicy"));
        Assert.Equal("creator-mint,open-mint,mined,block", Values("TokenOrigin"));
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hashmint.Node.Api;

/// <summary>
/// The OpenAPI document's title and description, the admin token as a Bearer security scheme, and that scheme on
/// every operation that requires it (endpoints with RequireAuthorization).
/// </summary>
public sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeId = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Hashmint node API",
            Version = "v1",
            Description = "Blocks, transactions, accounts with state proofs, NFT collections and tokens with their art, mint jobs and a " +
                          "server-sent event stream. Errors are RFC 7807 problems with a stable 'code'. Admin calls need the node's token " +
                          "(the data directory's api-token file) as 'Authorization: Bearer <token>'.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The token in the node's data directory (api-token, mode 0600).",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<DocumentedBody>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [body.ContentType] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken) },
                },
            };
        }
        if (metadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
        }
    }
}

/// <summary>
/// The request body an endpoint reads by itself (strictly, with its own errors), for the OpenAPI document only:
/// unlike Accepts(), it does not make routing refuse other content types before authentication has answered.
/// </summary>
public sealed record DocumentedBody(Type Type, string ContentType);

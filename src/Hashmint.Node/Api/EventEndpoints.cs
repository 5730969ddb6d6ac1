using System.Runtime.CompilerServices;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>/api/v1/events: server-sent events for new blocks and transactions, for games and dashboards.</summary>
public static class EventEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", (NodeService node, CancellationToken ct) => TypedResults.ServerSentEvents(Stream(node, ct)))
            .WithName("GetEvents").WithSummary("Server-sent event stream: a 'ready' event with the tip, then block and transaction events.");
    }

    private static async IAsyncEnumerable<System.Net.ServerSentEvents.SseItem<NodeEvent>> Stream(NodeService node, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = node.Events.Subscribe(ct);
        // A first event sends the headers at once and tells the client where the chain stands.
        var tip = node.Chain.Tip;
        yield return new System.Net.ServerSentEvents.SseItem<NodeEvent>(new NodeEvent("ready", tip.Hash.ToString(), tip.Height), "ready");
        await foreach (var e in reader.ReadAllAsync(ct))
            yield return new System.Net.ServerSentEvents.SseItem<NodeEvent>(e, e.Kind);
    }
}

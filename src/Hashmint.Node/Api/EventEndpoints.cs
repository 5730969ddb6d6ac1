using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Hashmint.Ledger;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>/api/v1/events: server-sent events for new blocks, mints, reorganisations and transactions, for games and dashboards.</summary>
public static class EventEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", (LedgerFacade ledger, NodeEvents events, CancellationToken ct) => TypedResults.ServerSentEvents(Stream(ledger, events, ct)))
            .WithName("GetEvents").WithSummary("Server-sent event stream: a 'ready' event with the tip, then block, mint, reorg, transaction and market (listed, delisted, sold, offered, offer-accepted, offer-cancelled) events.");
    }

    private static async IAsyncEnumerable<SseItem<NodeEvent>> Stream(LedgerFacade ledger, NodeEvents events, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = events.Subscribe(ct);
        // A first event sends the headers at once and tells the client where the chain stands.
        var tip = ledger.Tip;
        yield return new SseItem<NodeEvent>(new NodeEvent("ready", tip.Hash.ToString(), tip.Height), "ready");
        await foreach (var e in reader.ReadAllAsync(ct))
            yield return new SseItem<NodeEvent>(e, e.Kind);
    }
}

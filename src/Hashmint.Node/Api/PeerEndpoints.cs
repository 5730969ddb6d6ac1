using Hashmint.Network;

namespace Hashmint.Node.Api;

/// <summary>/api/v1/peers: the peer-to-peer network as this node sees it.</summary>
public static class PeerEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/peers", Peers).WithName("ListPeers")
            .WithSummary("Connected peers (address, direction, height, ping, bytes, blocks and transactions relayed, misbehaviour) and banned addresses with their reasons.");
    }

    private static NetworkStatus Peers(NetworkService network) => network.Status();
}

using Hashmint.Core.Consensus;

namespace Hashmint.Network;

/// <summary>
/// Which blocks' states are served and asked for (docs/NETWORK.md, "Snapshot heights"). Every node of a network uses
/// the same interval, so a client that takes the newest multiple of it at least its depth below the best header asks
/// every server for the same block, and servers keep that block's state while their tips move on.
/// </summary>
public static class SnapshotHeights
{
    /// <summary>How many of the newest snapshot heights at or below its tip a server answers for (besides the tip).</summary>
    public const int Served = 3;

    /// <summary>
    /// The network's interval: about eight hours of 30-second blocks on main and test; 100 on dev and regtest, where
    /// blocks may come many a second (a height stays served for at least twice the interval after a client chose it).
    /// </summary>
    public static int DefaultInterval(ChainParams chain) => chain.Name is "dev" or "regtest" ? 100 : 1000;

    /// <summary>
    /// True when a server whose tip is at <paramref name="tipHeight"/> answers for the main-chain block at
    /// <paramref name="height"/>: a positive multiple of the interval among the <see cref="Served"/> newest at or
    /// below the tip.
    /// </summary>
    public static bool IsServed(uint height, uint tipHeight, int interval)
    {
        if (interval <= 0 || height == 0 || height > tipHeight || height % (uint)interval != 0) return false;
        return tipHeight / (uint)interval - height / (uint)interval < Served;
    }

    /// <summary>The snapshot heights a server whose tip is at <paramref name="tipHeight"/> answers for, newest first (none below <paramref name="floorHeight"/>).</summary>
    public static IReadOnlyList<uint> ServedAt(uint tipHeight, int interval, uint floorHeight = 0)
    {
        var list = new List<uint>(Served);
        if (interval <= 0) return list;
        for (uint h = tipHeight / (uint)interval * (uint)interval; h > 0 && h >= floorHeight && list.Count < Served; h -= (uint)interval) list.Add(h);
        return list;
    }

    /// <summary>
    /// The heights a client tries, best first: the newest multiple of the interval at least <paramref name="depth"/>
    /// below the best header, then the one before it (a server whose tip lags sees the same two). Empty when the
    /// chain is not that long yet (the client then takes the best header itself).
    /// </summary>
    public static IReadOnlyList<uint> Candidates(uint bestHeight, int depth, int interval)
    {
        if (interval <= 0 || depth < 0 || bestHeight <= (uint)depth) return [];
        uint newest = (bestHeight - (uint)depth) / (uint)interval * (uint)interval;
        var list = new List<uint>(2);
        if (newest > 0) list.Add(newest);
        if (newest > (uint)interval) list.Add(newest - (uint)interval);
        return list;
    }
}

using Hashmint.Core.Encoding;

namespace Hashmint.Core.Nft;

public sealed record StatRange(string Name, uint Min, uint Max);

/// <summary>One kind of item a game-item collection can drop, with its weight and stat ranges.</summary>
public sealed record LootItem(string Name, uint Weight, IReadOnlyList<StatRange> Stats);

/// <summary>
/// What a game-item token is: the item type is drawn by weight and each stat uniformly in its range, all from
/// the token seed, so every node derives the same item. Encoding: varint n (1..32) | (string name ≤ 32 |
/// weight u32 > 0 | varint m (0..8) | (string stat ≤ 16 | min u32 | max u32 ≥ min)*)*.
/// </summary>
public sealed record LootTable(IReadOnlyList<LootItem> Items)
{
    public const int MaxItems = 32, MaxStats = 8;

    public void Write(ByteWriter w)
    {
        w.VarInt((ulong)Items.Count);
        foreach (var item in Items)
        {
            w.String(item.Name).U32(item.Weight).VarInt((ulong)item.Stats.Count);
            foreach (var s in item.Stats) w.String(s.Name).U32(s.Min).U32(s.Max);
        }
    }

    public static LootTable Read(ref SpanReader r)
    {
        int n = r.ReadLength(MaxItems, "loot items");
        if (n == 0) throw new DecodeException("a loot table needs at least one item");
        var items = new LootItem[n];
        for (int i = 0; i < n; i++)
        {
            var name = r.ReadString(32, "item name");
            uint weight = r.ReadU32();
            if (weight == 0) throw new DecodeException($"item '{name}' has zero weight");
            int m = r.ReadLength(MaxStats, "item stats");
            var stats = new StatRange[m];
            for (int j = 0; j < m; j++)
            {
                var stat = new StatRange(r.ReadString(16, "stat name"), r.ReadU32(), r.ReadU32());
                if (stat.Max < stat.Min) throw new DecodeException($"stat '{stat.Name}' has max below min");
                stats[j] = stat;
            }
            items[i] = new LootItem(name, weight, stats);
        }
        return new LootTable(items);
    }

    /// <summary>The item and stats a seed yields.</summary>
    public (LootItem Item, IReadOnlyList<(string Name, uint Value)> Stats) Roll(ReadOnlySpan<byte> seed32)
    {
        var rng = new SeedStream(seed32, "Hashmint/loot");
        ulong total = 0;
        foreach (var item in Items) total += item.Weight;
        ulong pick = rng.NextBelow(total);
        var chosen = Items[^1];
        foreach (var item in Items)
        {
            if (pick < item.Weight) { chosen = item; break; }
            pick -= item.Weight;
        }
        var stats = chosen.Stats.Select(s => (s.Name, (uint)(s.Min + rng.NextBelow((ulong)s.Max - s.Min + 1)))).ToList();
        return (chosen, stats);
    }
}

using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Core.Blocks;

/// <summary>
/// The first block of each network, built from its parameters. It pays nobody and commits to the empty state.
/// Genesis is accepted by definition (it is never validated), so it needs no proof of work.
/// </summary>
public static class Genesis
{
    public static Block Create(ChainParams p)
    {
        var message = System.Text.Encoding.UTF8.GetBytes($"Hashmint {p.Name} genesis: mine coins, mine art");
        var coinbase = new Coinbase(p.ChainId, 0, 0, [], AccountId.None, Hash256.Zero, message);
        var header = new BlockHeader(1, Hash256.Zero, coinbase.Id, p.GenesisTime, p.GenesisBits, 0);
        return new Block(header, coinbase, []);
    }
}

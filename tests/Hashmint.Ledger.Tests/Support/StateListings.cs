using System.Buffers.Binary;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>The NFT listings the API pages through, read with the facade's cursor scans.</summary>
internal sealed class StateListings(LedgerFacade ledger)
{
    public List<(string Collection, ulong TokenId, byte[] Key)> Holdings(AccountId owner, byte[]? after = null, int limit = 100) =>
        ledger.ScanState(NftKeys.HoldingsOf(owner), after, reverse: false, limit)
            .Select(kv => { var (c, id) = NftKeys.ParseHolding(kv.Key); return (c, id, kv.Key); }).ToList();

    public List<(ulong TokenId, TokenState Token, byte[] Key)> Tokens(string collection, byte[]? after = null, int limit = 100, bool newestFirst = false)
    {
        var prefix = NftKeys.TokensOf(collection);
        return ledger.ScanState(prefix, after, newestFirst, limit)
            .Select(kv => (BinaryPrimitives.ReadUInt64BigEndian(kv.Key.AsSpan(prefix.Length)), TokenState.Decode(kv.Value), kv.Key)).ToList();
    }

    public List<(CollectionState Collection, byte[] Key)> Collections(byte[]? after = null, int limit = 100) =>
        ledger.ScanState([NftKeys.CollectionPrefix], after, reverse: false, limit).Select(kv => (CollectionState.Decode(kv.Value), kv.Key)).ToList();
}

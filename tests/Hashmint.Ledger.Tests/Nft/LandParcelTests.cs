using System.Buffers.Binary;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

public class LandParcelTests
{
    private readonly NftSandbox _s = new();

    public LandParcelTests() => _s.Apply(1, Create(Land(width: 3, height: 2)));

    [Fact]
    public void ALandTokenNamesAParcelInsideTheGrid()
    {
        Assert.Equal(NftRejectCodes.BadParcel, _s.Reject(1, Mint("land", 2)));
        Assert.Equal(NftRejectCodes.BadParcel, _s.Reject(1, Mint("land", 2, parcel: (3, 0))));
        Assert.Equal(NftRejectCodes.BadParcel, _s.Reject(1, Mint("land", 2, parcel: (0, 2))));
        Assert.Equal(NftRejectCodes.BadParcel, _s.Reject(1, Mint("land", 2, parcel: (ushort.MaxValue, ushort.MaxValue))));
        _s.Apply(1, Mint("land", 2, parcel: (2, 1)));
        var token = _s.Token("land", 1)!;
        Assert.Equal(((ushort)2, (ushort)1), token.Parcel);
        Assert.Equal(TestKeys.Id(2), token.Owner);
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(_s.State.Get(NftKeys.Parcel("land", 2, 1))));
    }

    [Fact]
    public void AParcelIsMintedOnce()
    {
        _s.Apply(1, Mint("land", 2, parcel: (1, 1)));
        Assert.Equal(NftRejectCodes.ParcelTaken, _s.Reject(1, Mint("land", 3, parcel: (1, 1))));
        Assert.Equal(NftRejectCodes.ParcelTaken, _s.Reject(1, Mint("land", 3, parcel: (0, 0)), Mint("land", 3, parcel: (0, 0))));
        _s.Apply(1, Mint("land", 3, parcel: (1, 0)));
        Assert.Equal(2UL, _s.Collection("land").Minted);
    }

    [Fact]
    public void ABurntParcelStaysTaken()
    {
        _s.Apply(1, Mint("land", 2, parcel: (0, 1)));
        _s.Apply(2, new BurnTokenOperation("land", 1));
        Assert.Null(_s.Token("land", 1));
        Assert.NotNull(_s.State.Get(NftKeys.Parcel("land", 0, 1)));
        Assert.Equal(NftRejectCodes.ParcelTaken, _s.Reject(1, Mint("land", 2, parcel: (0, 1))));
    }

    [Fact]
    public void EveryParcelOfTheGridCanBeMintedAndThenTheLandIsSoldOut()
    {
        for (ushort x = 0; x < 3; x++)
            for (ushort y = 0; y < 2; y++)
                _s.Apply(1, Mint("land", 4, parcel: (x, y)));
        Assert.Equal(6UL, _s.Collection("land").Minted);
        Assert.Equal(NftRejectCodes.SoldOut, _s.Reject(1, Mint("land", 4, parcel: (0, 0))));
        var parcels = Enumerable.Range(1, 6).Select(i => _s.Token("land", (ulong)i)!.Parcel!.Value).ToHashSet();
        Assert.Equal(6, parcels.Count);
    }

    [Fact]
    public void ParcelsOfDifferentCollectionsAreIndependent()
    {
        _s.Apply(1, Create(Land("other-land", width: 3, height: 2)));
        _s.Apply(1, Mint("land", 2, parcel: (0, 0)));
        _s.Apply(1, Mint("other-land", 2, parcel: (0, 0)));
        Assert.Equal(((ushort)0, (ushort)0), _s.Token("other-land", 1)!.Parcel);
    }
}

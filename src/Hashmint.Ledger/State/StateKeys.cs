using System.Buffers.Binary;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.State;

/// <summary>
/// Keys of the state key-value space (docs/PROTOCOL.md, "State"). The first byte names the kind of record.
/// Every key and value here is committed by the state tree.
/// </summary>
public static class StateKeys
{
    public const byte AccountPrefix = (byte)'a';
    public const byte PendingPayoutsPrefix = (byte)'p';
    public const byte SupplyPrefix = (byte)'s';

    /// <summary>'a' | account key (32): <see cref="AccountState"/>.</summary>
    public static byte[] Account(AccountId id)
    {
        var k = new byte[33];
        k[0] = AccountPrefix;
        id.Key.CopyTo(k.AsSpan(1));
        return k;
    }

    /// <summary>'p' | height u32 big-endian: the coinbase payouts of that block, waiting to mature.</summary>
    public static byte[] PendingPayouts(uint height)
    {
        var k = new byte[5];
        k[0] = PendingPayoutsPrefix;
        BinaryPrimitives.WriteUInt32BigEndian(k.AsSpan(1), height);
        return k;
    }

    /// <summary>'s': total coins issued so far (subsidies actually paid), u64.</summary>
    public static readonly byte[] Supply = [SupplyPrefix];
}

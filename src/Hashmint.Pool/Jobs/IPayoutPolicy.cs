using Hashmint.Core.Primitives;
using Hashmint.Ledger.Assembly;

namespace Hashmint.Pool.Jobs;

/// <summary>Who a block found by the pool pays (the coinbase payees, by weight). The finder always gets the block NFT.</summary>
public interface IPayoutPolicy
{
    IReadOnlyList<PayoutShare> PayeesFor(AccountId finder);
}

/// <summary>The finder takes the whole reward: a solo pool (each miner works for their own blocks).</summary>
public sealed class FinderTakesAll : IPayoutPolicy
{
    public IReadOnlyList<PayoutShare> PayeesFor(AccountId finder) => [new PayoutShare(finder, 1)];
}

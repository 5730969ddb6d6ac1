using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Ledger.Assembly;

/// <summary>One account's share of a block's reward, by weight (a pool's PPLNS shares, or 1 for a solo miner).</summary>
public sealed record PayoutShare(AccountId Account, ulong Weight);

/// <summary>
/// What a block template pays and names: the accounts sharing the reward (subsidy plus fees) by weight, the account
/// that receives the block NFT (none: no block NFT), and the coinbase message (cut to 100 UTF-8 bytes).
/// </summary>
public sealed record TemplateRequest(IReadOnlyList<PayoutShare> Payees, AccountId NftRecipient, string Message)
{
    /// <summary>
    /// Build a coinbase of kind 0x02: the payout list is committed by its hash, so the bytes a miner hashes stay small
    /// (at most 181) and up to ChainParams.MaxCommittedPayouts accounts may be paid. The message is cut to 64 bytes.
    /// </summary>
    public bool CommitPayouts { get; init; }

    /// <summary>One miner takes the whole reward and the block NFT.</summary>
    public static TemplateRequest Solo(AccountId miner, string message) =>
        new(miner.IsNone ? [] : [new PayoutShare(miner, 1)], miner, message);

    /// <summary>
    /// Splits <paramref name="total"/> by weight, rounding each share down; the remainder (dust) goes to the first payee,
    /// so every unit is paid. Shares that round to nothing are left out (a payout must be positive); one account named
    /// twice is paid once with both shares.
    /// </summary>
    public IReadOnlyList<Payout> Split(Amount total)
    {
        if (total.Units == 0 || Payees.Count == 0) return [];
        UInt128 weights = 0;
        foreach (var p in Payees) weights += p.Weight;
        if (weights == 0) throw new ArgumentException("payee weights sum to zero");
        var amounts = new Dictionary<AccountId, ulong>();
        var order = new List<AccountId>();
        ulong paid = 0;
        foreach (var p in Payees)
        {
            if (p.Account.IsNone) throw new ArgumentException("a payee must name an account");
            ulong share = (ulong)((UInt128)total.Units * p.Weight / weights);
            if (!amounts.ContainsKey(p.Account)) { amounts[p.Account] = 0; order.Add(p.Account); }
            amounts[p.Account] += share;
            paid += share;
        }
        amounts[order[0]] += total.Units - paid;
        return order.Where(a => amounts[a] > 0).Select(a => new Payout(a, new Amount(amounts[a]))).ToList();
    }
}

using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Operations;

/// <summary>
/// Where an operation runs: the state it changes, its transaction's sender and id, and the including block's
/// height and time (for the mempool: the height and time the next block would have).
/// </summary>
public sealed record OperationContext(StateOverlay State, AccountId Sender, ChainParams Network, uint Height, uint BlockTime, Hash256 TxId);

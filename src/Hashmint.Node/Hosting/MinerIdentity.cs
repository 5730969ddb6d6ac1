using Hashmint.Core.Primitives;

namespace Hashmint.Node.Hosting;

/// <summary>The account the node's own miner pays and names as block-NFT recipient (none: the node cannot mine).</summary>
public sealed record MinerIdentity(AccountId PayTo);

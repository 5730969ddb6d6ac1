using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Blocks;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>Mempools over a state a test sets directly (no chain): the next block is at <c>nextHeight</c> on top of it.</summary>
internal static class Pools
{
    public static Mempool Over(IStateReader state, uint nextHeight, MempoolOptions? options = null, ChainParams? network = null)
    {
        var p = network ?? ChainParams.Regtest;
        var next = new BlockContext(new StateOverlay(state), p, nextHeight, Hash256.Zero, (uint)p.GenesisTime + 1000, p.PowLimitBits, AccountId.None);
        return new Mempool(new BlockStateTransition(p, OperationRegistry.Default), next, options);
    }
}

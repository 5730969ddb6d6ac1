using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.State;

public class StateOverlayTests
{
    private static readonly byte[] KeyA = [1];
    private static readonly byte[] KeyB = [2];
    private static readonly byte[] KeyC = [3];

    private static StateOverlay Overlay() => new(new FakeStateWith(KeyA, [10]));

    private sealed class FakeStateWith(byte[] key, byte[] value) : IStateReader
    {
        public byte[]? Get(byte[] k) => k.AsSpan().SequenceEqual(key) ? value : null;
    }

    [Fact]
    public void ChangesAreSortedAndExcludeWritesBackToTheOriginalValue()
    {
        var o = Overlay();
        o.Set(KeyC, [3]);
        o.Set(KeyA, [11]);
        o.Set(KeyB, [2]);
        o.Set(KeyB, null); // created then deleted: no change
        o.Set(KeyA, [10]); // back to the base value: no change either
        o.Set(KeyC, [4]);
        var changes = o.Changes();
        Assert.Single(changes);
        Assert.Equal(KeyC, changes[0].Key);
        Assert.Equal(new byte[] { 4 }, changes[0].Value);
        Assert.Null(o.UndoEntries()[0].Value);
    }

    [Fact]
    public void UndoEntriesHoldTheValuesBeforeTheFirstChange()
    {
        var o = Overlay();
        o.Set(KeyA, [20]);
        o.Set(KeyA, [30]);
        o.Set(KeyB, [5]);
        var undo = o.UndoEntries();
        Assert.Equal(2, undo.Count);
        Assert.Equal(new byte[] { 10 }, undo[0].Value);
        Assert.Null(undo[1].Value);
    }

    [Fact]
    public void RevertToACheckpointUndoesOnlyLaterWrites()
    {
        var o = Overlay();
        o.Set(KeyB, [1]);
        int cp = o.Checkpoint();
        o.Set(KeyB, [2]);
        o.Set(KeyA, null);
        o.Set(KeyC, [3]);
        int inner = o.Checkpoint();
        o.Set(KeyC, [4]);
        o.RevertTo(inner);
        Assert.Equal(new byte[] { 3 }, o.Get(KeyC));
        o.RevertTo(cp);
        Assert.Equal(new byte[] { 1 }, o.Get(KeyB));
        Assert.Equal(new byte[] { 10 }, o.Get(KeyA));
        Assert.Null(o.Get(KeyC));
        Assert.Single(o.Changes());
    }

    [Fact]
    public void TypedHelpersDeleteEmptyAccountsAndEmptyPayoutLists()
    {
        var o = new StateOverlay(new FakeState());
        var id = TestKeys.Id(1);
        o.SetAccount(id, new AccountState(new Amount(5), 1));
        Assert.Equal(new AccountState(new Amount(5), 1), o.GetAccount(id));
        o.SetAccount(id, AccountState.Empty);
        Assert.Null(o.Get(StateKeys.Account(id)));
        o.SetPendingPayouts(7, [new Hashmint.Core.Transactions.Payout(id, new Amount(3))]);
        Assert.Single(o.GetPendingPayouts(7));
        o.SetPendingPayouts(7, []);
        Assert.Null(o.Get(StateKeys.PendingPayouts(7)));
        o.SetSupply(new Amount(99));
        Assert.Equal(new Amount(99), o.GetSupply());
    }
}

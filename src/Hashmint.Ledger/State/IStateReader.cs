namespace Hashmint.Ledger.State;

/// <summary>Read access to the state key-value space at one point of the chain.</summary>
public interface IStateReader
{
    byte[]? Get(byte[] key);
}

namespace Hashmint.Storage;

/// <summary>A storage failure the caller cannot fix by retrying the same call.</summary>
public class StorageException : Exception
{
    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception inner) : base(message, inner) { }
}

namespace Hashmint.Storage;

/// <summary>The database's lock file is held: another process (or this one) already has it open.</summary>
public sealed class DataDirectoryInUseException : StorageException
{
    public DataDirectoryInUseException(string directory, string message, Exception inner)
        : base($"{message}: {directory}", inner)
    {
        Directory = directory;
    }

    public string Directory { get; }
}

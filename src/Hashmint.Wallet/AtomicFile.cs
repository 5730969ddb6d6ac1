namespace Hashmint.Wallet;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a
/// torn write: the bytes go to a temporary file in the same directory, are flushed to disk, and the
/// temporary file is renamed over the target.
/// </summary>
internal static class AtomicFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>On Linux the file is created with mode 0600 from the start, so the secret is never world-readable.</summary>
    public static void WritePrivate(string path, ReadOnlySpan<byte> content, bool overwrite)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new IOException($"no directory for '{path}'");
        if (!overwrite && File.Exists(fullPath))
            throw new IOException($"'{fullPath}' already exists; refusing to overwrite it");

        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerReadWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

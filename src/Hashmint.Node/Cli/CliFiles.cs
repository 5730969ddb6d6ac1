namespace Hashmint.Node.Cli;

/// <summary>
/// Files named on the command line: each failure (missing, a directory, unreadable, too large, unwritable) becomes
/// one <see cref="CliException"/> line that names the option and the path, never an I/O exception.
/// </summary>
public static class CliFiles
{
    /// <summary>Reads a whole input file of at most <paramref name="maxBytes"/>; <paramref name="tooLargeHint"/> says what to do instead.</summary>
    public static byte[] ReadAll(string path, string option, long maxBytes, string? tooLargeHint = null)
    {
        using var stream = OpenRead(path, option);
        // Read to the end rather than trusting the length: /proc files and pipes report none.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > maxBytes)
                {
                    string size = stream.CanSeek && stream.Length > maxBytes ? $"{stream.Length} bytes" : $"over {maxBytes} bytes";
                    throw new CliException($"{option} {path}: {size} is too large (at most {maxBytes}){(tooLargeHint is null ? "" : "; " + tooLargeHint)}");
                }
            }
        }
        catch (IOException e) { throw ReadFailed(path, option, e); }
        return buffer.ToArray();
    }

    /// <summary>SHA-256 of an input file of any size, streamed.</summary>
    public static byte[] Sha256(string path, string option)
    {
        using var stream = OpenRead(path, option);
        try { return System.Security.Cryptography.SHA256.HashData(stream); }
        catch (IOException e) { throw ReadFailed(path, option, e); }
    }

    public static string ReadText(string path, string option, long maxBytes) => System.Text.Encoding.UTF8.GetString(ReadAll(path, option, maxBytes));

    /// <summary>Opens an input file for streaming; read errors later still need <see cref="ReadFailed"/>.</summary>
    public static FileStream OpenRead(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CliException($"{option} needs a file path");
        if (Directory.Exists(path)) throw new CliException($"{option} {path}: is a directory, not a file");
        if (!File.Exists(path)) throw new CliException($"{option} {path}: no such file");
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (UnauthorizedAccessException) { throw new CliException($"{option} {path}: permission denied (cannot read it)"); }
        catch (IOException e) { throw new CliException($"{option} {path}: cannot read it ({Reason(e)})"); }
    }

    /// <summary>
    /// Starts an output file, checking the path before anything is fetched or computed. The data goes to a temporary
    /// file beside it that <see cref="OutputFile.Commit"/> renames into place, so a failure leaves an existing file as it was.
    /// </summary>
    public static OutputFile Create(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CliException($"{option} needs a file path");
        if (Directory.Exists(path)) throw new CliException($"{option} {path}: is a directory; give a file path inside it");
        string full = Path.GetFullPath(path);
        string? parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
            throw new CliException(File.Exists(parent)
                ? $"{option} {path}: {parent} is a file, not a directory"
                : $"{option} {path}: directory {parent} does not exist (create it first)");
        string temp = $"{full}.{Environment.ProcessId}.partial";
        try { return new OutputFile(path, option, full, temp, new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None)); }
        catch (UnauthorizedAccessException) { throw new CliException($"{option} {path}: permission denied (cannot write there)"); }
        catch (IOException e) { throw WriteFailed(path, option, e); }
    }

    public static CliException ReadFailed(string path, string option, IOException e) => new($"{option} {path}: cannot read it ({Reason(e)})");

    public static CliException WriteFailed(string path, string option, IOException e) => new($"{option} {path}: cannot write it ({Reason(e)})");

    /// <summary>Removes a file left behind by a failed command (best effort).</summary>
    internal static void DeleteQuietly(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The operating system's reason without the path .NET repeats ("Input/output error : '/x'" → "Input/output error").</summary>
    private static string Reason(IOException e)
    {
        string message = e.Message.TrimEnd('.');
        int quote = message.IndexOf(" : '", StringComparison.Ordinal);
        return (quote > 0 ? message[..quote] : message).Trim();
    }
}

/// <summary>An output file being written: <see cref="Stream"/>, then <see cref="Commit"/>; disposing uncommitted removes it.</summary>
public sealed class OutputFile(string path, string option, string fullPath, string tempPath, FileStream stream) : IDisposable
{
    private bool _committed;

    public FileStream Stream { get; } = stream;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        try { Stream.Write(bytes); }
        catch (IOException e) { throw CliFiles.WriteFailed(path, option, e); }
    }

    /// <summary>Flushes to disk and puts the file in place.</summary>
    public void Commit()
    {
        try
        {
            Stream.Flush(flushToDisk: true);
            Stream.Dispose();
            File.Move(tempPath, fullPath, overwrite: true);
            _committed = true;
        }
        catch (UnauthorizedAccessException) { throw new CliException($"{option} {path}: permission denied (cannot replace it)"); }
        catch (IOException e) { throw CliFiles.WriteFailed(path, option, e); }
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed) CliFiles.DeleteQuietly(tempPath);
    }
}

namespace Hashmint.Mining;

/// <summary>
/// Headers built by the caller's callback, once per extranonce, shared by the search threads.
/// Threads take chunks in order, so only the last few extranonces are ever in use; older ones are dropped.
/// </summary>
internal sealed class ExtranonceHeaders(Func<ulong, byte[]> build, int threads)
{
    private readonly Dictionary<ulong, byte[]> _headers = [];
    private readonly Lock _lock = new();

    public byte[] For(ulong extranonce)
    {
        lock (_lock)
        {
            if (_headers.TryGetValue(extranonce, out byte[]? header))
                return header;
        }

        // Built outside the lock: the callback may be slow (e.g. a Merkle root per extranonce).
        byte[] built = build(extranonce) ?? throw new InvalidOperationException($"The header callback returned null for extranonce {extranonce}.");
        if (built.Length != BlockHeaderLayout.HeaderSize)
            throw new InvalidOperationException($"The header callback returned {built.Length} bytes for extranonce {extranonce}; a header is {BlockHeaderLayout.HeaderSize}.");

        lock (_lock)
        {
            if (_headers.TryGetValue(extranonce, out byte[]? raced))
                return raced;
            _headers[extranonce] = built;
            foreach (ulong old in _headers.Keys.Where(key => key + (ulong)threads < extranonce).ToList())
                _headers.Remove(old);
            return built;
        }
    }
}

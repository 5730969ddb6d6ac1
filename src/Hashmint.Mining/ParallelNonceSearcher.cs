namespace Hashmint.Mining;

/// <summary>
/// Searches with several threads at once. The work is a sequence of chunks: chunk i covers nonces
/// [(i mod chunksPerExtranonce) * chunk size, ...) of extranonce firstExtranonce + i / chunksPerExtranonce,
/// so when a header's 2^32 nonces are exhausted the search rolls on to the next extranonce. Threads
/// take chunks in order from one counter, so with one thread the result is the lowest winning
/// (extranonce, nonce) pair.
/// </summary>
public sealed class ParallelNonceSearcher
{
    /// <summary>Nonces one thread takes at a time: ~30 ms at 30 MH/s, small next to a job's lifetime.</summary>
    public const uint DefaultChunkSize = 1 << 20;

    private const ulong NonceSpace = 1UL << 32;

    private readonly uint _chunkSize;
    private readonly ulong _noncesPerExtranonce;

    /// <param name="engine">The engine every thread uses (engines are stateless).</param>
    /// <param name="threads">Worker threads; 0 or less means one per processor.</param>
    /// <param name="chunkSize">Nonces per unit of work; a power of two.</param>
    /// <param name="noncesPerExtranonce">
    /// How many nonces of each header to search before rolling to the next extranonce: 2^32 (all) by
    /// default; smaller powers of two (at least the chunk size) let tests and short jobs roll sooner.
    /// </param>
    public ParallelNonceSearcher(INonceSearchEngine engine, int threads = 0, uint chunkSize = DefaultChunkSize,
        ulong noncesPerExtranonce = NonceSpace)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (chunkSize == 0 || !ulong.IsPow2(chunkSize))
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The chunk size must be a power of two.");
        if (noncesPerExtranonce > NonceSpace || noncesPerExtranonce < chunkSize || !ulong.IsPow2(noncesPerExtranonce))
            throw new ArgumentOutOfRangeException(nameof(noncesPerExtranonce), noncesPerExtranonce,
                "Nonces per extranonce must be a power of two between the chunk size and 2^32.");
        Engine = engine;
        Threads = threads > 0 ? threads : Environment.ProcessorCount;
        _chunkSize = chunkSize;
        _noncesPerExtranonce = noncesPerExtranonce;
    }

    public INonceSearchEngine Engine { get; }

    public int Threads { get; }

    /// <summary>Hashes done by this searcher's threads, across all searches.</summary>
    public HashRateMeter Meter { get; } = new();

    /// <summary>
    /// Searches until a header meets <paramref name="target32LittleEndian"/> or <paramref name="ct"/> is cancelled
    /// (then the result is null). <paramref name="headerForExtranonce"/> builds the 80-byte header for an
    /// extranonce (its nonce bytes are ignored); it is called once per extranonce, from worker threads.
    /// </summary>
    public async Task<MiningSolution?> SearchAsync(Func<ulong, byte[]> headerForExtranonce, byte[] target32LittleEndian,
        CancellationToken ct, ulong firstExtranonce = 0)
    {
        ArgumentNullException.ThrowIfNull(headerForExtranonce);
        ArgumentNullException.ThrowIfNull(target32LittleEndian);
        if (target32LittleEndian.Length != BlockHeaderLayout.TargetSize)
            throw new ArgumentException($"A target is {BlockHeaderLayout.TargetSize} bytes.", nameof(target32LittleEndian));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = new SearchRun(this, new ExtranonceHeaders(headerForExtranonce, Threads), target32LittleEndian.ToArray(),
            firstExtranonce, stop);
        var workers = new Task[Threads];
        for (int i = 0; i < workers.Length; i++)
            workers[i] = Task.Factory.StartNew(run.Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(workers).ConfigureAwait(false);
        return run.Solution;
    }

    /// <summary>State shared by the threads of one search.</summary>
    private sealed class SearchRun(ParallelNonceSearcher owner, ExtranonceHeaders headers, byte[] target,
        ulong firstExtranonce, CancellationTokenSource stop)
    {
        private long _nextChunk = -1;
        private MiningSolution? _solution;

        public MiningSolution? Solution => Volatile.Read(ref _solution);

        public void Work()
        {
            try
            {
                SearchChunks();
            }
            catch
            {
                // A failing callback on one thread must stop the others, or the search never ends.
                stop.Cancel();
                throw;
            }
        }

        private void SearchChunks()
        {
            ulong chunksPerExtranonce = owner._noncesPerExtranonce / owner._chunkSize;
            CancellationToken token = stop.Token;
            while (!token.IsCancellationRequested)
            {
                ulong chunk = (ulong)Interlocked.Increment(ref _nextChunk);
                ulong extranonce = firstExtranonce + chunk / chunksPerExtranonce;
                uint startNonce = (uint)(chunk % chunksPerExtranonce * owner._chunkSize);
                byte[] header = headers.For(extranonce);

                bool found = owner.Engine.Search(header, target, startNonce, owner._chunkSize, token, out uint nonce, out ulong done);
                owner.Meter.Add(done);
                if (found)
                {
                    Publish(header, extranonce, nonce);
                    return;
                }
            }
        }

        private void Publish(byte[] header, ulong extranonce, uint nonce)
        {
            byte[] solved = header.ToArray();
            BlockHeaderLayout.WriteNonce(solved, nonce);
            byte[] hash = new byte[BlockHeaderLayout.HashSize];
            HashTarget.Sha256d(solved, hash);
            if (Interlocked.CompareExchange(ref _solution, new MiningSolution(solved, extranonce, hash), null) is null)
                stop.Cancel();
        }
    }
}

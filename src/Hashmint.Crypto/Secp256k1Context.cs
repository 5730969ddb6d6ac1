using Secp256k1Net;

namespace Hashmint.Crypto;

/// <summary>
/// One libsecp256k1 context per thread: no locks and no contention when block validation verifies
/// on every core, without relying on the wrapper object being safe to share.
/// </summary>
internal static class Secp256k1Context
{
    [ThreadStatic]
    private static Owner? current;

    public static Secp256k1 Current => (current ??= new Owner()).Context;

    // The wrapper has no finalizer, so a context would leak with every thread that ends (thread-pool
    // threads come and go); this owner frees it once the thread, and so the owner, is gone.
    private sealed class Owner
    {
        public Secp256k1 Context { get; } = new();

        ~Owner() => Context.Dispose();
    }
}

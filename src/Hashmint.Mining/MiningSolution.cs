namespace Hashmint.Mining;

/// <summary>A header that meets its target.</summary>
/// <param name="Header80">The 80-byte header with the winning nonce written in.</param>
/// <param name="Extranonce">The extranonce value the header was built for.</param>
/// <param name="Hash">SHA-256d of the header, 32 bytes in internal (little-endian number) order.</param>
public sealed record MiningSolution(byte[] Header80, ulong Extranonce, byte[] Hash);

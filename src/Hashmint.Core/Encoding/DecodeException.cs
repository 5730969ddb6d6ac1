namespace Hashmint.Core.Encoding;

/// <summary>The one exception every decoder throws for malformed, non-canonical or over-limit input.</summary>
public sealed class DecodeException(string message) : Exception(message);

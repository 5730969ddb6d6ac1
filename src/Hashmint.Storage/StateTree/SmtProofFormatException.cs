namespace Hashmint.Storage;

/// <summary>Proof bytes that are not exactly one valid encoding; the message says what is wrong.</summary>
public sealed class SmtProofFormatException : FormatException
{
    public SmtProofFormatException(string reason) : base($"malformed state proof: {reason}") { }
}

namespace Hashmint.Core.Tests.Fuzz;

/// <summary>
/// Feeds random byte strings and mutations of valid encodings to one decoder. The decoder may only fail with
/// its one exception type; whatever it accepts must re-encode to exactly the bytes it was given (one encoding
/// per value). Shared with the ledger tests (linked source file).
/// </summary>
public static class DecoderFuzzer
{
    public sealed record Result(int Accepted, int Rejected);

    /// <param name="decodeAndReencode">decodes the bytes and returns the value's canonical encoding</param>
    /// <param name="expectedFailure">the only exception type the decoder may throw</param>
    public static Result Run(IReadOnlyList<byte[]> seeds, Func<byte[], byte[]> decodeAndReencode, Type expectedFailure,
        int mutations, int randomInputs, int randomMaxLength, int seed)
    {
        var mutator = new Mutator(seed);
        int accepted = 0, rejected = 0;
        foreach (var valid in seeds)
            Assert.Equal(valid, decodeAndReencode(valid)); // the seeds themselves are valid and canonical

        for (int i = 0; i < mutations + randomInputs; i++)
        {
            var input = i < mutations ? mutator.Mutate(seeds[i % seeds.Count]) : mutator.RandomBytes(randomMaxLength);
            byte[] reencoded;
            try
            {
                reencoded = decodeAndReencode(input);
            }
            catch (Exception e) when (e.GetType() == expectedFailure)
            {
                rejected++;
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"input {Convert.ToHexStringLower(input)} threw {e.GetType().Name}: {e.Message}");
                throw;
            }
            if (!reencoded.AsSpan().SequenceEqual(input))
                Assert.Fail($"input {Convert.ToHexStringLower(input)} decoded but re-encodes as {Convert.ToHexStringLower(reencoded)}");
            accepted++;
        }
        return new Result(accepted, rejected);
    }
}

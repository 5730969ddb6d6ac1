namespace Hashmint.Core.Tests.Fuzz;

/// <summary>
/// Deterministic byte-string mutations for decoder fuzzing: bit flips, byte overwrites, truncations,
/// insertions, deletions, duplicated ranges, and length-prefix-looking values (0x00, 0xfc..0xff) dropped in.
/// Shared with the ledger tests (linked source file).
/// </summary>
public sealed class Mutator(int seed)
{
    private readonly Random _rng = new(seed);
    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x7f, 0x80, 0xfc, 0xfd, 0xfe, 0xff];

    public byte[] RandomBytes(int maxLength)
    {
        var b = new byte[_rng.Next(maxLength + 1)];
        _rng.NextBytes(b);
        return b;
    }

    public byte[] Mutate(byte[] input)
    {
        var data = new List<byte>(input);
        int steps = 1 + (_rng.Next(4) == 0 ? _rng.Next(4) : 0);
        for (int s = 0; s < steps; s++) MutateOnce(data);
        return data.ToArray();
    }

    private void MutateOnce(List<byte> d)
    {
        switch (_rng.Next(8))
        {
            case 0 when d.Count > 0: // flip one bit
                {
                    int i = _rng.Next(d.Count);
                    d[i] ^= (byte)(1 << _rng.Next(8));
                    break;
                }
            case 1 when d.Count > 0: // overwrite a byte
                d[_rng.Next(d.Count)] = (byte)_rng.Next(256);
                break;
            case 2 when d.Count > 0: // truncate
                TruncateAt(d, _rng.Next(d.Count));
                break;
            case 3: // insert random bytes
                {
                    var extra = new byte[1 + _rng.Next(8)];
                    _rng.NextBytes(extra);
                    d.InsertRange(_rng.Next(d.Count + 1), extra);
                    break;
                }
            case 4 when d.Count > 0: // delete a range
                {
                    int at = _rng.Next(d.Count);
                    d.RemoveRange(at, Math.Min(d.Count - at, 1 + _rng.Next(16)));
                    break;
                }
            case 5 when d.Count > 0: // duplicate a range in place
                {
                    int at = _rng.Next(d.Count);
                    int len = Math.Min(d.Count - at, 1 + _rng.Next(48));
                    d.InsertRange(at, d.GetRange(at, len));
                    break;
                }
            case 6 when d.Count > 0: // a length-prefix-looking byte
                d[_rng.Next(d.Count)] = Interesting[_rng.Next(Interesting.Length)];
                break;
            default: // append a byte
                d.Add((byte)_rng.Next(256));
                break;
        }
    }

    private static void TruncateAt(List<byte> d, int length) => d.RemoveRange(length, d.Count - length);
}

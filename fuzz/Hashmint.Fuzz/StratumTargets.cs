using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Pool.Shares;
using Hashmint.Pool.Stratum;

namespace Hashmint.Fuzz;

/// <summary>
/// What a miner's line reaches in the pool (docs/POOL.md): the JSON request as StratumConnection reads it, then the
/// parsers of the strings a miner controls — the login of mining.authorize, the fields of mining.submit, hex numbers.
/// A refusal must come with its reason; nothing else may throw.
/// </summary>
public static class StratumTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("stratum-line", "StratumRequest.TryParse (a miner's line, as StratumConnection reads it), then MinerLogin.TryParse for mining.authorize "
            + "and ShareSubmission.TryParse for mining.submit", "null or false with a reason (no exception)", Line),
    ];

    private static bool Line(ReadOnlySpan<byte> input)
    {
        using var request = StratumRequest.TryParse(new System.Buffers.ReadOnlySequence<byte>(input.ToArray()), out var problem);
        if (request is null)
        {
            FuzzProperty.Holds(!string.IsNullOrWhiteSpace(problem), "a refused line needs a reason");
            return false;
        }
        var p = request.Params;
        if (p.ValueKind != JsonValueKind.Array) return false;
        var strings = p.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToArray();
        return request.Method switch
        {
            "mining.authorize" when strings is [{ } user, ..] => Authorize(user, strings.Length > 1 ? strings[1] : null),
            "mining.submit" when strings.Length is 5 or 6 && strings.All(s => s is not null) => Submit(strings!),
            _ => false,
        };
    }

    private static bool Authorize(string user, string? password)
    {
        bool ok = MinerLogin.TryParse(user, password, ChainParams.Regtest.AddressPrefix, out var login, out var problem);
        FuzzProperty.Holds(ok || !string.IsNullOrWhiteSpace(problem), "a refused login needs a reason");
        if (!ok) return false;
        FuzzProperty.Holds(login.Worker.Length is > 0 and <= MinerLogin.MaxWorkerLength, $"worker '{login.Worker}' out of bounds");
        FuzzProperty.Holds(login.Difficulty is null or > 0 && (login.Difficulty is not { } d || double.IsFinite(d)), $"difficulty {login.Difficulty}");
        FuzzProperty.Holds(MinerLogin.WorkerOf(user) == login.Worker, $"WorkerOf('{user}') is not the login's worker '{login.Worker}'");
        return true;
    }

    private static bool Submit(string[] f)
    {
        bool ok = ShareSubmission.TryParse(f[0], f[1], f[2], f[3], f[4], f.Length == 6 ? f[5] : null, out var share, out var error);
        FuzzProperty.Holds(ok || error is { Message.Length: > 0 }, "a refused share needs a reason");
        if (!ok) return false;
        // The hex fields are fixed-width: what was accepted prints back to the same digits (case aside).
        FuzzProperty.Holds(StratumHex.U32(share.NTime) == f[3].ToLowerInvariant() && StratumHex.U32(share.Nonce) == f[4].ToLowerInvariant(),
            $"ntime '{f[3]}' or nonce '{f[4]}' accepted as {share.NTime:x8}, {share.Nonce:x8}");
        return true;
    }
}

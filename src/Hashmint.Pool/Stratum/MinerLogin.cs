using System.Globalization;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;

namespace Hashmint.Pool.Stratum;

/// <summary>
/// The login convention (docs/POOL.md): username <c>ADDRESS</c> or <c>ADDRESS.WORKER</c> — the address is paid and
/// receives the block NFTs (or the mined NFTs); the worker name (1..32 of A–Z a–z 0–9 _ -, default "default") only
/// labels statistics. The password is ignored ("x") except for comma-separated <c>key=value</c> settings:
/// <c>nft=COLLECTION</c> points the connection's hash power at a proof-of-work collection, <c>d=NUMBER</c> asks for a
/// starting difficulty.
/// </summary>
public sealed record MinerLogin(AccountId Account, string Address, string Worker, string? Collection, double? Difficulty)
{
    public const string DefaultWorker = "default";
    public const int MaxWorkerLength = 32;

    public static bool TryParse(string username, string? password, string hrp, out MinerLogin login, out string? problem)
    {
        login = null!;
        username = username.Trim();
        int dot = username.IndexOf('.');
        string address = dot < 0 ? username : username[..dot];
        string worker = dot < 0 ? DefaultWorker : username[(dot + 1)..];
        if (!AccountId.TryParse(address, hrp, out var account, out var error))
        {
            problem = $"username must be ADDRESS or ADDRESS.WORKER with a '{hrp}1…' address of this network ({error})";
            return false;
        }
        if (!ValidWorker(worker))
        {
            problem = $"worker name '{ShareSubmissionCut(worker)}' must be 1..{MaxWorkerLength} characters of A-Z a-z 0-9 _ -";
            return false;
        }
        string? collection = null;
        double? difficulty = null;
        foreach (var part in (password ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq < 0) continue; // "x" and other placeholders
            string key = part[..eq].Trim().ToLowerInvariant(), value = part[(eq + 1)..].Trim();
            switch (key)
            {
                case "nft":
                    if (!CollectionIds.IsValid(value) || value == CollectionIds.Blocks)
                    {
                        problem = $"nft={ShareSubmissionCut(value)} does not name a proof-of-work collection id";
                        return false;
                    }
                    collection = value;
                    break;
                case "d":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d) || d <= 0)
                    {
                        problem = $"d={ShareSubmissionCut(value)} is not a positive number";
                        return false;
                    }
                    difficulty = d;
                    break;
            }
        }
        login = new MinerLogin(account, address, worker, collection, difficulty);
        problem = null;
        return true;
    }

    /// <summary>The worker part of a submit's username (the part after the first dot), or the default.</summary>
    public static string WorkerOf(string username)
    {
        username = username.Trim(); // as TryParse reads it, so the worker authorized is the worker that submits
        int dot = username.IndexOf('.');
        return dot < 0 ? DefaultWorker : username[(dot + 1)..];
    }

    public static bool ValidWorker(string worker)
    {
        if (worker.Length is 0 or > MaxWorkerLength) return false;
        foreach (char c in worker)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) return false;
        return true;
    }

    private static string ShareSubmissionCut(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

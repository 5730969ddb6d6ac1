using Hashmint.Core.Primitives;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Stratum;

namespace Hashmint.Pool.Shares;

/// <summary>The fields of a mining.submit, parsed: [worker, job_id, extranonce2, ntime, nonce(, version_bits)].</summary>
public readonly record struct ShareSubmission(string Worker, string JobId, uint Extranonce2, uint NTime, uint Nonce, uint? VersionBits)
{
    /// <summary>Parses the hex fields with the sizes the pool gave (extranonce2 4 bytes, ntime and nonce 8 hex digits).</summary>
    public static bool TryParse(string worker, string jobId, string extranonce2, string ntime, string nonce, string? versionBits,
        out ShareSubmission share, out StratumError? error)
    {
        share = default;
        error = null;
        Span<byte> en2 = stackalloc byte[4];
        if (!StratumHex.TryParseBytes(extranonce2, en2))
        {
            error = new StratumError(StratumErrors.Other, $"extranonce2 must be 4 bytes (8 hex digits), got '{Cut(extranonce2)}'") { Reason = "bad-extranonce2" };
            return false;
        }
        if (!StratumHex.TryParseU32(ntime, out uint t))
        {
            error = new StratumError(StratumErrors.Other, $"ntime must be 8 hex digits, got '{Cut(ntime)}'") { Reason = "bad-ntime" };
            return false;
        }
        if (!StratumHex.TryParseU32(nonce, out uint n))
        {
            error = new StratumError(StratumErrors.Other, $"nonce must be 8 hex digits, got '{Cut(nonce)}'") { Reason = "bad-nonce" };
            return false;
        }
        uint? v = null;
        if (versionBits is not null)
        {
            if (!StratumHex.TryParseU32(versionBits, out uint bits))
            {
                error = new StratumError(StratumErrors.Other, $"version_bits must be 8 hex digits, got '{Cut(versionBits)}'") { Reason = "bad-version" };
                return false;
            }
            v = bits;
        }
        share = new ShareSubmission(worker, jobId, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(en2), t, n, v);
        return true;
    }

    internal static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "…";
}

/// <summary>What a connection has negotiated: its extranonce1, its jobs' key, the version-rolling mask, and its difficulty (and the previous one, for the grace period).</summary>
public readonly record struct MinerTerms(JobKey Key, uint Extranonce1, uint VersionMask, double Difficulty, Hash256 Target,
    double PreviousDifficulty, Hash256 PreviousTarget, DateTimeOffset PreviousUntil);

/// <summary>An accepted share (<see cref="Error"/> null) or a refusal; the header and its hash when it got that far.</summary>
public sealed record ShareResult(StratumError? Error, PoolJob? Job = null, Hash256 Hash = default, byte[]? Header = null, ulong Extranonce = 0,
    double Difficulty = 0, bool IsBlock = false)
{
    public bool Accepted => Error is null;
}

/// <summary>
/// Checks shares the way the chain checks blocks, in this order (the first failure answers): the job exists
/// (21), is this miner's (21), is not stale (21); ntime not before the job's time nor past the clock's allowance (20);
/// version bits only where the negotiated mask allows (20); the share was not accepted before (22); its hash meets the
/// connection's difficulty — or the previous one during the grace period, or the network's target (23). A share whose
/// hash meets the job's network target is a block (or a mint proof).
/// </summary>
public sealed class ShareValidator(JobManager jobs, PoolOptions options)
{
    public ShareResult Check(in MinerTerms terms, in ShareSubmission s, DateTimeOffset now)
    {
        var job = jobs.Find(s.JobId);
        if (job is null)
            return Fail(StratumErrors.JobNotFound, $"job '{ShareSubmission.Cut(s.JobId)}' is not known (too old, or never sent): work on the latest mining.notify", "job-not-found");
        if (job.Key != terms.Key)
            return Fail(StratumErrors.JobNotFound, $"job '{s.JobId}' was sent to another miner: work on this connection's mining.notify", "job-not-found");
        if (jobs.IsStale(job))
            return Fail(StratumErrors.JobNotFound, job.Kind == JobKind.Block
                ? $"stale share: job '{s.JobId}' builds block {job.Height} on a block that is no longer the tip"
                : $"stale share: job '{s.JobId}' builds on a mint of '{job.Key.Collection}' that is no longer the latest", "stale", job);
        if (s.NTime < job.Time)
            return Fail(StratumErrors.Other, $"ntime {s.NTime:x8} is before the job's time {job.Time:x8}", "ntime", job);
        long latest = now.ToUnixTimeSeconds() + (long)options.MaxNtimeAhead.TotalSeconds;
        if (s.NTime > latest)
            return Fail(StratumErrors.Other, $"ntime {s.NTime:x8} is more than {(long)options.MaxNtimeAhead.TotalSeconds} s past the pool's clock", "ntime", job);
        uint version = job.Version;
        if (s.VersionBits is uint bits)
        {
            if (terms.VersionMask == 0 && bits != 0)
                return Fail(StratumErrors.Other, "version bits were sent, but version rolling was not negotiated (mining.configure)", "version", job);
            if ((bits & ~terms.VersionMask) != 0)
                return Fail(StratumErrors.Other, $"version bits {bits:x8} are outside the negotiated mask {terms.VersionMask:x8}", "version", job);
            version = (version & ~terms.VersionMask) | (bits & terms.VersionMask);
        }

        ulong extranonce = terms.Extranonce1 | ((ulong)s.Extranonce2 << 32);
        var root = job.MerkleRoot(extranonce);
        var header = new byte[80];
        job.WriteHeader(header, version, root, s.NTime, s.Nonce);
        Span<byte> digest = stackalloc byte[32];
        ShareHasher.Hash(header, digest);
        var hash = new Hash256(digest);

        if (job.Seen(hash)) return Fail(StratumErrors.Duplicate, "duplicate share: this exact work was already accepted", "duplicate", job);
        bool isBlock = hash.CompareTo(job.NetworkTarget) <= 0;
        double credited;
        if (hash.CompareTo(terms.Target) <= 0 || isBlock) credited = Math.Min(terms.Difficulty, job.NetworkDifficulty);
        else if (now < terms.PreviousUntil && hash.CompareTo(terms.PreviousTarget) <= 0) credited = Math.Min(terms.PreviousDifficulty, job.NetworkDifficulty);
        else
            return Fail(StratumErrors.LowDifficulty,
                $"low difficulty share: the hash has difficulty {Show(StratumDifficulty.OfHash(hash))}, this connection needs {Show(terms.Difficulty)}", "low-difficulty", job);
        if (!job.TryRecord(hash)) return Fail(StratumErrors.Duplicate, "duplicate share: this exact work was already accepted", "duplicate", job);
        return new ShareResult(null, job, hash, header, extranonce, credited, isBlock);
    }

    private static string Show(double d) => d.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);

    private static ShareResult Fail(int code, string message, string reason, PoolJob? job = null) =>
        new(new StratumError(code, message) { Reason = reason }, job);
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Node.Api;
using Hashmint.Node.Hosting;
using Hashmint.Wallet;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Web.Market;

/// <summary>An unlocked page: who signs (the node's wallet), until when.</summary>
public sealed class MarketSession(LocalSigner signer, byte[]? ownedSecret, string address)
{
    public LocalSigner Signer { get; } = signer;
    public AccountId Account => Signer.Account;
    public string Address { get; } = address;
    internal DateTimeOffset Expires { get; set; }

    /// <summary>The secret this session decrypted from the keystore (null when it borrows the devnet's key): wiped at lock and expiry.</summary>
    internal void Wipe() { if (ownedSecret is not null) Array.Clear(ownedSecret); }
}

/// <summary>
/// Unlocking the market pages with the node's API token. A session is a random 256-bit id in an HttpOnly,
/// SameSite=Strict cookie (Secure over https), kept server-side only (as the SHA-256 of the id) and ended by the lock
/// button or 30 minutes without use. Signing reuses the node's in-process signer: the devnet's <see cref="LocalSigner"/>
/// when the node holds its wallet key, else a <see cref="LocalSigner"/> over the data directory's wallet, decrypted
/// with the passphrase given at unlock and wiped when the session ends. Nothing is written to disk.
/// </summary>
public sealed class MarketSessions(LedgerFacade ledger, IOptionsMonitor<ApiTokenOptions> tokens, IOptions<NodeOptions> options, TimeProvider time,
    IServiceProvider services) : IDisposable
{
    public const string CookieName = "hashmint-market";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public const int MaxSessions = 32;

    private readonly ConcurrentDictionary<string, MarketSession> _sessions = new(StringComparer.Ordinal);
    private ITimer? _sweeper;

    /// <summary>The devnet's own signer, when this node holds its wallet key (then no passphrase is asked).</summary>
    private LocalSigner? NodeSigner => services.GetService<LocalSigner>();

    public bool NeedsPassphrase => NodeSigner is null;

    public string WalletPath => new DataDirectory(options.Value.DataDirectory).WalletPath;

    /// <summary>The session the request's cookie names, if it is still open (its idle time restarts).</summary>
    public MarketSession? Current(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(MarketSession), out var cached)) return cached as MarketSession;
        MarketSession? found = null;
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && id is { Length: > 0 and <= 100 } && _sessions.TryGetValue(Key(id), out var s))
        {
            var now = time.GetUtcNow();
            if (s.Expires > now) { s.Expires = now + IdleTimeout; found = s; }
            else End(Key(id));
        }
        context.Items[typeof(MarketSession)] = found;
        return found;
    }

    /// <summary>Checks the token (constant time) and the wallet; opens a session and sets its cookie. Returns the reason on failure.</summary>
    public string? Unlock(HttpContext context, string? token, string? passphrase)
    {
        if (!ApiTokenHandler.Matches(token, tokens.Get(ApiTokenHandler.SchemeName).Token)) return "wrong API token (it is the api-token file in the node's data directory)";
        MarketSession session;
        if (NodeSigner is { } signer) session = new MarketSession(signer, null, signer.Account.ToAddress(ledger.Network.AddressPrefix));
        else
        {
            if (!File.Exists(WalletPath)) return $"this node has no wallet ({WalletPath}; 'hashmint wallet create' makes one)";
            byte[] secret;
            try { secret = Keystore.Load(WalletPath, passphrase ?? "").GetSecretKey(0); }
            catch (WrongPassphraseException) { return "wrong wallet passphrase"; }
            catch (Exception e) when (e is KeystoreFormatException or IOException or UnauthorizedAccessException) { return $"the wallet cannot be read: {e.Message}"; }
            var local = new LocalSigner(ledger, new DevnetKey(secret));
            session = new MarketSession(local, secret, local.Account.ToAddress(ledger.Network.AddressPrefix));
        }
        Sweep();
        if (_sessions.Count >= MaxSessions) { session.Wipe(); return "too many open sessions: lock one, or wait 30 minutes"; }
        // Expired sessions are ended (their decrypted keys wiped) within a minute, whether or not anyone comes back.
        if (Volatile.Read(ref _sweeper) is null)
        {
            var timer = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            if (Interlocked.CompareExchange(ref _sweeper, timer, null) is not null) timer.Dispose();
        }
        string id = Base64Url(RandomNumberGenerator.GetBytes(32));
        session.Expires = time.GetUtcNow() + IdleTimeout;
        _sessions[Key(id)] = session;
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/", IsEssential = true,
        });
        context.Items[typeof(MarketSession)] = session;
        return null;
    }

    /// <summary>Ends the request's session (if any) and deletes its cookie.</summary>
    public void Lock(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && id is { Length: > 0 and <= 100 }) End(Key(id));
        context.Response.Cookies.Delete(CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/" });
        context.Items[typeof(MarketSession)] = null;
    }

    public void Dispose()
    {
        _sweeper?.Dispose();
        foreach (var key in _sessions.Keys) End(key);
    }

    private void End(string key)
    {
        if (_sessions.TryRemove(key, out var s)) s.Wipe();
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, s) in _sessions) if (s.Expires <= now) End(key);
    }

    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// A form post must come from the node's own pages. Sec-Fetch-Site, when the browser sends it (every current one does,
    /// and a page cannot forge it), must be same-origin; an Origin header that names a site must name this scheme, host and
    /// port. Under the pages' Referrer-Policy no-referrer, Chromium sends "Origin: null" on a same-origin form post, so
    /// "null" is accepted only beside Sec-Fetch-Site: same-origin. A post with neither proof is refused.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        string? site = request.Headers["Sec-Fetch-Site"];
        if (site is not null && site != "same-origin") return false;
        string? origin = request.Headers.Origin;
        bool originMatches = origin is not null && string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
        if (origin is not null && origin != "null" && !originMatches) return false;
        return originMatches || site == "same-origin";
    }
}

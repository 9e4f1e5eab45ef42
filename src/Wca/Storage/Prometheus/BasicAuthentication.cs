using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Wca.Storage.Prometheus;

/// <summary>
/// HTTP basic authentication against bcrypt hashes, as Prometheus' web configuration (exporter-toolkit) does. A bcrypt
/// check takes tens of milliseconds by design, and Prometheus sends the same credentials every scrape: verdicts are
/// cached under a SHA-256 of user and password (never the password itself), so a scrape pays for bcrypt once.
/// </summary>
internal sealed partial class BasicAuthentication
{
    private const int MaxCachedVerdicts = 256;

    private readonly Dictionary<string, string> _hashes;
    // Unknown users are checked against this too, so the answer takes as long as for a known one.
    private readonly Lazy<string> _noUserHash = new(() => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), 10));
    private readonly ConcurrentDictionary<string, bool> _verdicts = new(StringComparer.Ordinal);

    public BasicAuthentication(IReadOnlyDictionary<string, string> users)
    {
        _hashes = new(StringComparer.Ordinal);
        foreach (var (user, hash) in users)
        {
            if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
                throw new ArgumentException($"'{user}' is not a user name (non-empty, without ':')", "basic_auth_users");
            if (!BcryptHash().IsMatch(hash))
                throw new ArgumentException($"the password of '{user}' is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost, 53 characters), as `htpasswd -nBC 10 {user}` prints", "basic_auth_users");
            _hashes[user] = hash;
        }
    }

    /// <summary>Whether an Authorization header value carries a known user and their password.</summary>
    public bool Allows(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return false;
        var user = credentials[..colon];
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credentials)));
        if (_verdicts.TryGetValue(key, out var known)) return known;
        var userKnown = _hashes.TryGetValue(user, out var hash);
        var verdict = BCrypt.Net.BCrypt.Verify(credentials[(colon + 1)..], hash ?? _noUserHash.Value) && userKnown;
        // Bounded: a scanner trying passwords must not grow the cache without end.
        if (_verdicts.Count >= MaxCachedVerdicts) _verdicts.Clear();
        _verdicts[key] = verdict;
        return verdict;
    }

    [GeneratedRegex(@"^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$")]
    private static partial Regex BcryptHash();
}

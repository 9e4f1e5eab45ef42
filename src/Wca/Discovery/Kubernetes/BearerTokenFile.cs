namespace Wca.Discovery.Kubernetes;

/// <summary>
/// A bearer token kept in a file (a service-account token, projected and rotated by the kubelet about hourly). The file
/// is stat-ed on every request and re-read only when its modification time or size changed, so a rotated token is
/// sent from the next request on without reading the file every iteration.
/// </summary>
internal sealed class BearerTokenFile(string path)
{
    private DateTime _modified;
    private long _length = -1;
    private string? _token;

    public string Path { get; } = path;

    /// <summary>How many times the file was (re-)read: once, plus once per rotation.</summary>
    public int Reads { get; private set; }

    /// <summary>The current token (whitespace trimmed).</summary>
    /// <exception cref="IOException">The file is missing, unreadable or empty.</exception>
    public string Current()
    {
        var info = new FileInfo(Path);
        if (!info.Exists) throw new FileNotFoundException($"the token file {Path} does not exist", Path);
        if (_token is not null && info.LastWriteTimeUtc == _modified && info.Length == _length) return _token;
        var token = File.ReadAllText(Path).Trim();
        if (token.Length == 0) throw new IOException($"the token file {Path} is empty");
        if (token.AsSpan().ContainsAny('\r', '\n')) throw new IOException($"the token file {Path} holds more than one line");
        _token = token;
        _modified = info.LastWriteTimeUtc;
        _length = info.Length;
        Reads++;
        return token;
    }
}

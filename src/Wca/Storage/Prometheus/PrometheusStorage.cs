using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host;

namespace Wca.Storage.Prometheus;

/// <summary>
/// A Prometheus scrape endpoint: serves the latest package of every runner slot pointing at it (one instance can
/// fill metrics_storage, anomalies_storage and allocations_storage through a YAML anchor), as the text format 0.0.4,
/// gzip-compressed when the scraper asks, over HTTP or HTTPS, optionally behind basic authentication.
/// </summary>
/// <remarks>
/// A package is rendered when it is stored, into a pooled buffer, and published by swapping one reference: a scrape
/// reads the last complete package and never waits for an iteration. The port is bound when the configuration is
/// loaded, so a taken port stops the agent before its first iteration.
/// </remarks>
[WcaComponent]
public sealed partial class PrometheusStorage : IStorage, IDisposable
{
    /// <summary>Loopback only, and not node_exporter's 9100: the reference deployment runs node_exporter beside the agent.</summary>
    public const string DefaultListen = "127.0.0.1:9112";

    private readonly PrometheusTextWriter _writer = new();
    private readonly PublishedPackages _packages = new();
    private readonly ScrapeEndpoint? _endpoint;
    private readonly Lock _rendering = new();

    /// <param name="listen">Address and port to listen on, 'host:port' ('[::1]:9112' for IPv6, ':9112' for every interface).</param>
    /// <param name="path">The path Prometheus scrapes; others get 404.</param>
    /// <param name="includeTimestamp">Millisecond timestamps on every sample (the package's time); off by default, as
    /// Prometheus stamps each scrape itself.</param>
    /// <param name="tlsCertPath">PEM certificate (chain) to serve HTTPS with; needs tls_key_path.</param>
    /// <param name="tlsKeyPath">PEM private key of tls_cert_path.</param>
    /// <param name="basicAuthUsers">User name → bcrypt hash of the password (`htpasswd -nBC 10 user`), as in Prometheus'
    /// web configuration; a scrape without valid credentials gets 401. Unset = no authentication.</param>
    /// <param name="loggerFactory">Where the endpoint and the web server log.</param>
    /// <param name="services">When only checking the configuration, the port is not bound.</param>
    public PrometheusStorage(
        string listen = DefaultListen,
        string path = "/metrics",
        bool includeTimestamp = false,
        [FilePath(MustBeReadable = true)] string? tlsCertPath = null,
        [FilePath(MustBeReadable = true)] string? tlsKeyPath = null,
        IReadOnlyDictionary<string, string>? basicAuthUsers = null,
        ILoggerFactory? loggerFactory = null,
        AgentServices? services = null)
    {
        var address = ListenAddress.Parse(listen);
        if (!path.StartsWith('/') || path.Any(char.IsWhiteSpace) || path.Contains('?', StringComparison.Ordinal))
            throw new ArgumentException($"expected an absolute URL path such as /metrics, found '{path}'", nameof(path));
        if ((tlsCertPath is null) != (tlsKeyPath is null))
            throw new ArgumentException("give both tls_cert_path and tls_key_path, or neither", tlsCertPath is null ? nameof(tlsKeyPath) : nameof(tlsCertPath));
        Listen = listen;
        Path = path;
        IncludeTimestamp = includeTimestamp;
        TlsCertPath = tlsCertPath;
        TlsKeyPath = tlsKeyPath;
        BasicAuthUsers = basicAuthUsers?.Keys.Order(StringComparer.Ordinal).ToArray();
        var authentication = basicAuthUsers is { Count: > 0 } ? new BasicAuthentication(basicAuthUsers) : null;
        var certificate = tlsCertPath is null ? null : LoadCertificate(tlsCertPath, tlsKeyPath!);
        loggerFactory ??= NullLoggerFactory.Instance;
        var log = loggerFactory.CreateLogger<PrometheusStorage>();
        Url = $"{(certificate is null ? "http" : "https")}://{address}{path}";
        if (services?.CheckOnly == true) return;
        _endpoint = new ScrapeEndpoint(address, path, certificate, authentication, _packages, loggerFactory);
        Log.Listening(log, Url, authentication is null ? "none" : $"basic ({basicAuthUsers!.Count} user(s))");
        if (authentication is not null && certificate is null) Log.BasicAuthWithoutTls(log, Url);
    }

    public string Listen { get; }
    public string Path { get; }
    public bool IncludeTimestamp { get; }
    public string? TlsCertPath { get; }
    public string? TlsKeyPath { get; }

    /// <summary>The users basic authentication accepts (their hashes stay private).</summary>
    public IReadOnlyList<string>? BasicAuthUsers { get; }

    /// <summary>What a scraper asks for, e.g. http://127.0.0.1:9112/metrics.</summary>
    public string Url { get; }

    private static X509Certificate2 LoadCertificate(string certPath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"cannot use '{certPath}' with the key '{keyPath}': {e.Message} (expected a PEM certificate and its PEM private key)", "tlsCertPath", e);
        }
    }

    public void Store(MetricPackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        // The package is a view over a batch the runner reuses: render it now, into a buffer no scrape is reading.
        var buffer = _packages.Rent();
        lock (_rendering) _writer.Write(package, IncludeTimestamp, buffer);
        _packages.Publish(package.Kind, buffer);
    }

    public void Dispose() => _endpoint?.Dispose();
}

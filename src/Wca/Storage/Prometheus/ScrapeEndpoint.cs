using System.IO.Compression;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Wca.Storage.Prometheus;

/// <summary>
/// The HTTP(S) server of a <see cref="PrometheusStorage"/>: Kestrel on one address, answering GET and HEAD of one
/// path with the published packages. Bound when constructed, so a taken port is a start-up error; owns the certificate.
/// </summary>
internal sealed class ScrapeEndpoint : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly ReadOnlyMemory<byte> SlotSeparator = "\n"u8.ToArray();

    private readonly WebApplication _app;
    private readonly PublishedPackages _packages;
    private readonly string _path;
    private readonly BasicAuthentication? _authentication;
    private readonly X509Certificate2? _certificate;

    public ScrapeEndpoint(ListenAddress listen, string path, X509Certificate2? certificate, BasicAuthentication? authentication,
        PublishedPackages packages, ILoggerFactory loggerFactory)
    {
        _packages = packages;
        _path = path;
        _authentication = authentication;
        _certificate = certificate;
        // The empty builder reads no appsettings.json or ASPNETCORE_* variables: the agent's YAML is the one configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = 0;
            options.Listen(listen.Address, listen.Port, endpoint =>
            {
                if (certificate is not null) endpoint.UseHttps(certificate);
            });
        });
        builder.Services.AddSingleton<IHostLifetime, AgentOwnedLifetime>();
        builder.Services.AddSingleton(loggerFactory);
        _app = builder.Build();
        _app.Run(Handle);
        try
        {
            _app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            ((IDisposable)_app).Dispose();
            certificate?.Dispose();
            var why = SocketErrorOf(e) switch
            {
                SocketError.AddressAlreadyInUse => "the address is already in use (another process listens on that port)",
                SocketError.AddressNotAvailable => "the address is not one of this host's",
                SocketError.AccessDenied => "permission denied (ports below 1024 need CAP_NET_BIND_SERVICE)",
                _ => e.Message,
            };
            throw new ArgumentException($"cannot listen on {listen}: {why}", "listen", e);
        }
    }

    /// <summary>The socket error under Kestrel's wrappers (AddressInUseException ...), if any.</summary>
    private static SocketError? SocketErrorOf(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is SocketException socket) return socket.SocketErrorCode;
        return null;
    }

    private async Task Handle(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!string.Equals(request.Path.Value, _path, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var head = HttpMethods.IsHead(request.Method);
        if (!head && !HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }
        if (_authentication is not null && !_authentication.Allows(request.Headers.Authorization))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = "Basic realm=\"wca\"";
            return;
        }
        response.ContentType = ContentType;
        var leased = new RenderedPackage?[PublishedPackages.SlotCount];
        _packages.Lease(leased);
        try
        {
            if (AcceptsGzip(request.Headers.AcceptEncoding))
            {
                response.Headers.ContentEncoding = "gzip";
                response.Headers.Vary = "Accept-Encoding";
                if (head) return;
                await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
                await WriteAsync(gzip, leased, context.RequestAborted);
                return;
            }
            long length = 0;
            var parts = 0;
            foreach (var package in leased)
                if (package is { Text.Length: > 0 }) { length += package.Text.Length; parts++; }
            response.ContentLength = length + Math.Max(parts - 1, 0);
            if (!head) await WriteAsync(response.Body, leased, context.RequestAborted);
        }
        finally
        {
            foreach (var package in leased) package?.Release();
        }
    }

    /// <summary>The slots' texts, a blank line between two (as between two metric families).</summary>
    private static async Task WriteAsync(Stream output, RenderedPackage?[] leased, CancellationToken cancellationToken)
    {
        var first = true;
        foreach (var package in leased)
        {
            if (package is not { Text.Length: > 0 }) continue;
            if (!first) await output.WriteAsync(SlotSeparator, cancellationToken);
            await output.WriteAsync(package.Text, cancellationToken);
            first = false;
        }
    }

    /// <summary>Whether Accept-Encoding lists gzip (or *) without q=0.</summary>
    internal static bool AcceptsGzip(StringValues acceptEncoding)
    {
        foreach (var header in acceptEncoding)
        {
            if (header is null) continue;
            foreach (var range in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var semicolon = range.IndexOf(';', StringComparison.Ordinal);
                var coding = (semicolon < 0 ? range : range[..semicolon]).Trim();
                if (!coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) && coding != "*") continue;
                var parameters = semicolon < 0 ? "" : range[(semicolon + 1)..].Replace(" ", "", StringComparison.Ordinal);
                return !(parameters.StartsWith("q=0", StringComparison.OrdinalIgnoreCase) && parameters.TrimEnd('0', '.').Equals("q=", StringComparison.OrdinalIgnoreCase));
            }
        }
        return false;
    }

    public void Dispose()
    {
        try
        {
            _app.StopAsync(TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
        }
        finally
        {
            _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _certificate?.Dispose();
        }
    }
}

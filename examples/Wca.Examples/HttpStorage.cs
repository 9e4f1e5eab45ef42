using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;

namespace Example;

/// <summary>
/// POSTs every package as Prometheus text to <c>http_endpoint</c>. A request that times out is logged
/// ("timeout!") and skipped; any other failure (refused, non-2xx) is thrown to the runner, which counts it.
/// </summary>
[WcaComponent]
public sealed class HttpStorage : IStorage, IDisposable
{
    private static readonly MediaTypeHeaderValue PrometheusContentType = MediaTypeHeaderValue.Parse("text/plain; version=0.0.4; charset=utf-8");

    private readonly ILogger<HttpStorage> _log;
    private readonly HttpClient _client;

    /// <param name="logger">Injected by the agent.</param>
    /// <param name="httpEndpoint">Where to POST.</param>
    /// <param name="timeout">Seconds to wait for the whole request.</param>
    public HttpStorage(ILogger<HttpStorage> logger, [Url] string httpEndpoint = "http://127.0.0.1:8000", [Numeric(0.001, 60)] double timeout = 1.0)
    {
        _log = logger;
        HttpEndpoint = new Uri(httpEndpoint);
        _client = new HttpClient { Timeout = TimeSpan.FromSeconds(timeout) };
    }

    public Uri HttpEndpoint { get; }

    public void Store(MetricPackage package, CancellationToken cancellationToken = default)
    {
        var body = PrometheusTextWriter.Format(package, includeTimestamp: package.TimestampMilliseconds > 0);
        using var content = new StringContent(body, new UTF8Encoding(false));
        content.Headers.ContentType = PrometheusContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, HttpEndpoint) { Content = content };
        _log.LogDebug("sending {Count} {Kind} metrics to {Endpoint}", package.Count, package.Kind, HttpEndpoint);
        try
        {
            using var response = _client.Send(request, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning("timeout! {Endpoint} did not answer within {Timeout} s", HttpEndpoint, _client.Timeout.TotalSeconds);
        }
        catch (TaskCanceledException e) when (e.InnerException is HttpRequestException failed)
        {
            // A refused connection can surface wrapped in a cancellation; it is a failure, not a timeout.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }
    }

    public void Dispose() => _client.Dispose();
}

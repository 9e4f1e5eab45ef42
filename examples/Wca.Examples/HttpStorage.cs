using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;

namespace Example;

/// <summary>
/// The original's example storage (<c>example.http_storage:HTTPStorage</c>, tag <c>!HTTPStorage</c>; <c>!HttpStorage</c>
/// is accepted too): POSTs every package to <c>http_endpoint</c>, by default as the original did — a JSON object
/// <c>{"metric name": value}</c>, labels dropped — or, with <c>format: prometheus</c>, as Prometheus text. A request
/// that times out is logged ("timeout!") and skipped; any other failure (refused, non-2xx) is thrown to the runner,
/// which counts it.
/// </summary>
[WcaComponent(Tag = "HTTPStorage")]
public sealed class HttpStorage : IStorage, IDisposable
{
    private static readonly MediaTypeHeaderValue PrometheusContentType = MediaTypeHeaderValue.Parse("text/plain; version=0.0.4; charset=utf-8");
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json");

    private readonly ILogger<HttpStorage> _log;
    private readonly HttpClient _client;

    /// <param name="logger">Injected by the agent.</param>
    /// <param name="httpEndpoint">Where to POST.</param>
    /// <param name="timeout">Seconds to wait for the whole request.</param>
    /// <param name="format">json (the original's body) or prometheus.</param>
    public HttpStorage(ILogger<HttpStorage> logger, [Url] string httpEndpoint = "http://127.0.0.1:8000", [Numeric(0.001, 60)] double timeout = 1.0,
        HttpStorageFormat format = HttpStorageFormat.Json)
    {
        _log = logger;
        HttpEndpoint = new Uri(httpEndpoint);
        Format = format;
        _client = new HttpClient { Timeout = TimeSpan.FromSeconds(timeout) };
    }

    public Uri HttpEndpoint { get; }

    public HttpStorageFormat Format { get; }

    public void Store(MetricPackage package, CancellationToken cancellationToken = default)
    {
        using var content = Format == HttpStorageFormat.Json
            ? new ByteArrayContent(JsonBody(package))
            : new StringContent(PrometheusTextWriter.Format(package, includeTimestamp: package.TimestampMilliseconds > 0), new UTF8Encoding(false));
        content.Headers.ContentType = Format == HttpStorageFormat.Json ? JsonContentType : PrometheusContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, HttpEndpoint) { Content = content };
        _log.LogInformation("sending! {Count} {Kind} metrics to {Endpoint}", package.Count, package.Kind, HttpEndpoint);
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

    /// <summary>
    /// <c>{name: value}</c> in first-seen order, the last value of a repeated name winning (a Python dict built in a loop);
    /// NaN and infinities as Python's json module writes them.
    /// </summary>
    public static byte[] JsonBody(MetricPackage package)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var metric in package.Metrics)
        {
            if (!values.ContainsKey(metric.Name)) order.Add(metric.Name);
            values[metric.Name] = metric.Value;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var name in order)
            {
                json.WritePropertyName(name);
                var value = values[name];
                if (double.IsFinite(value)) json.WriteNumberValue(value);
                else json.WriteRawValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", skipInputValidation: true);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public void Dispose() => _client.Dispose();
}

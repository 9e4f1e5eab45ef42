using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api.Configuration;
using Wca.Api.Databases;
using Wca.Discovery.Http;
using Wca.Host.Logging;

namespace Wca.Databases;

/// <summary>
/// The <c>!EtcdDatabase</c> component: keys and values in an etcd cluster, through its v3 JSON gateway
/// (<c>POST &lt;host&gt;&lt;api_path&gt;/kv/put|range|deleterange|txn</c>, bytes as base64), as the original did.
/// <c>api_path</c> defaults to <c>/v3</c>, the gateway of etcd 3.4 (Debian 12's etcd-server 3.4.23); the original's
/// <c>/v3alpha</c> is accepted for older servers. Hosts are tried in order, starting with the last one that answered;
/// a timeout, a refused or broken connection or a 5xx answer moves on to the next host. One call takes at most
/// <c>timeout</c> in all: each host gets an even share of what is left of it. Compare-and-set is an etcd transaction.
/// </summary>
[WcaComponent]
public sealed partial class EtcdDatabase : IKeyValueDatabase, IDisposable
{
    /// <summary>The gateway path of etcd 3.4 and later (3.3 served /v3beta, 3.2 /v3alpha).</summary>
    public const string DefaultApiPath = "/v3";
    private const int MaxResponseBytes = 64 << 20;

    private readonly HttpClient _http;
    private readonly Uri[] _endpoints;
    private readonly ILogger _log;
    private readonly FailureLatch[] _latches;
    private int _preferred;

    /// <param name="hosts">Base URLs of the etcd members, e.g. <c>https://10.0.0.1:2379</c>, tried in order.</param>
    /// <param name="timeout">Seconds one call may take in all, failover included.</param>
    /// <param name="apiPath">Path of the JSON gateway: <c>/v3</c> (etcd 3.4+), <c>/v3beta</c> or <c>/v3alpha</c>.</param>
    /// <param name="ssl">TLS settings for https hosts (CA, client certificate and key); null = system CAs, no client certificate.</param>
    /// <param name="logger">Where failover is logged.</param>
    public EtcdDatabase(List<string> hosts, [Numeric(1, 60)] double timeout = 5.0, [Str(100)] string apiPath = DefaultApiPath,
        SslSettings? ssl = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Count == 0) throw new ArgumentException("hosts is empty: give at least one etcd URL, e.g. http://127.0.0.1:2379", nameof(hosts));
        if (!apiPath.StartsWith('/') || apiPath.EndsWith('/') || apiPath.Contains('?', StringComparison.Ordinal))
            throw new ArgumentException($"api_path '{apiPath}' is a path such as /v3 or /v3alpha (a leading '/', no trailing one)", nameof(apiPath));
        Hosts = [.. hosts];
        _endpoints = new Uri[hosts.Count];
        for (var i = 0; i < hosts.Count; i++)
        {
            if (!Uri.TryCreate(hosts[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0)
                throw new ArgumentException($"hosts[{i}] '{hosts[i]}' is not an http:// or https:// base URL (e.g. https://127.0.0.1:2379)", nameof(hosts));
            _endpoints[i] = new Uri(hosts[i].TrimEnd('/') + apiPath + "/");
        }
        Timeout = TimeSpan.FromSeconds(timeout);
        ApiPath = apiPath;
        Ssl = ssl;
        _log = logger ?? NullLogger.Instance;
        _latches = [.. hosts.Select(_ => new FailureLatch())];
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        };
        if (ssl is null) SslSettings.ConfigureDefault(handler.SslOptions);
        else ssl.Configure(handler.SslOptions);
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public IReadOnlyList<string> Hosts { get; }
    public TimeSpan Timeout { get; }
    public string ApiPath { get; }
    public SslSettings? Ssl { get; }

    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, CancellationToken cancellationToken = default)
    {
        DatabaseKey.Validate(key);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = Begin(buffer))
        {
            w.WriteBase64String("key", key);
            w.WriteBase64String("value", value);
            w.WriteEndObject();
        }
        Call("kv/put", buffer.WrittenSpan.ToArray(), "put", key, cancellationToken).Dispose();
    }

    public byte[]? Get(ReadOnlySpan<byte> key, CancellationToken cancellationToken = default)
    {
        DatabaseKey.Validate(key);
        var body = KeyOnly(key);
        using var answer = Call("kv/range", body, "get", key, cancellationToken);
        if (!answer.RootElement.TryGetProperty("kvs", out var kvs) || kvs.ValueKind != JsonValueKind.Array || kvs.GetArrayLength() == 0) return null;
        // proto3 JSON leaves an empty value out: the key is there with zero bytes.
        return kvs[0].TryGetProperty("value", out var value) ? value.GetBytesFromBase64() : [];
    }

    public bool Delete(ReadOnlySpan<byte> key, CancellationToken cancellationToken = default)
    {
        DatabaseKey.Validate(key);
        var body = KeyOnly(key);
        using var answer = Call("kv/deleterange", body, "delete", key, cancellationToken);
        return answer.RootElement.TryGetProperty("deleted", out var deleted) && ReadInt64(deleted) > 0;
    }

    public bool CompareAndSet(ReadOnlySpan<byte> key, byte[]? expected, ReadOnlySpan<byte> value, CancellationToken cancellationToken = default)
    {
        DatabaseKey.Validate(key);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = Begin(buffer))
        {
            w.WriteStartArray("compare");
            w.WriteStartObject();
            w.WriteBase64String("key", key);
            w.WriteString("result", "EQUAL");
            if (expected is null)
            {
                // A missing key has create_revision 0.
                w.WriteString("target", "CREATE");
                w.WriteString("create_revision", "0");
            }
            else
            {
                w.WriteString("target", "VALUE");
                w.WriteBase64String("value", expected);
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("success");
            w.WriteStartObject();
            w.WriteStartObject("request_put");
            w.WriteBase64String("key", key);
            w.WriteBase64String("value", value);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        using var answer = Call("kv/txn", buffer.WrittenSpan.ToArray(), "compare-and-set", key, cancellationToken);
        return answer.RootElement.TryGetProperty("succeeded", out var succeeded) && succeeded.ValueKind == JsonValueKind.True;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A writer into <paramref name="buffer"/> with the request's object opened.</summary>
    private static Utf8JsonWriter Begin(ArrayBufferWriter<byte> buffer)
    {
        var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        return writer;
    }

    private static byte[] KeyOnly(ReadOnlySpan<byte> key)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var w = Begin(buffer))
        {
            w.WriteBase64String("key", key);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static long ReadInt64(JsonElement element) => element.ValueKind switch
    {
        // int64 fields come as JSON strings from the gateway.
        JsonValueKind.String when long.TryParse(element.GetString(), out var n) => n,
        JsonValueKind.Number when element.TryGetInt64(out var n) => n,
        _ => 0,
    };

    /// <summary>POSTs <paramref name="body"/> to each host in turn until one answers 2xx with a JSON object.</summary>
    private JsonDocument Call(string method, byte[] body, string verb, ReadOnlySpan<byte> key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var first = Volatile.Read(ref _preferred);
        var failures = new List<string>(_endpoints.Length);
        var allTimedOut = true;
        for (var attempt = 0; attempt < _endpoints.Length; attempt++)
        {
            var index = (first + attempt) % _endpoints.Length;
            var left = Timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                failures.Add($"{Hosts[index]}: not tried, the timeout had passed");
                continue;
            }
            var share = left / (_endpoints.Length - attempt);
            var outcome = Post(index, method, body, share, cancellationToken, out var answer);
            if (answer is not null)
            {
                Volatile.Write(ref _preferred, index);
                Cleared(index);
                return answer;
            }
            if (outcome.IsTimeout)
            {
                Log.HostTimeout(_log, Hosts[index], share.TotalSeconds);
                failures.Add($"{Hosts[index]}: timeout after {share.TotalSeconds:0.###} s");
            }
            else
            {
                allTimedOut = false;
                Failed(index, outcome.Reason);
                failures.Add($"{Hosts[index]}: {outcome.Reason}");
                if (outcome.IsFinal)
                    throw new DatabaseUnavailableException($"EtcdDatabase: Cannot {verb} key \"{DatabaseKey.Display(key)}\": {outcome.Reason} (POST {new Uri(_endpoints[index], method)})");
            }
        }
        var summary = allTimedOut ? "Timeout on all hosts!" : "No host answered!";
        throw new DatabaseUnavailableException($"EtcdDatabase: Cannot {verb} key \"{DatabaseKey.Display(key)}\": {summary} ({string.Join("; ", failures)})");
    }

    private readonly record struct Outcome(bool IsTimeout, bool IsFinal, string Reason)
    {
        public static Outcome Timeout => new(true, false, "timeout");
        public static Outcome Retry(string reason) => new(false, false, reason);
        public static Outcome Final(string reason) => new(false, true, reason);
    }

    private Outcome Post(int index, string method, byte[] body, TimeSpan timeout, CancellationToken cancellationToken, out JsonDocument? answer)
    {
        answer = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_endpoints[index], method))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        try
        {
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            using var stream = response.Content.ReadAsStream(deadline.Token);
            var bytes = ReadAll(stream, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                var reason = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(bytes)}";
                if (response.StatusCode == HttpStatusCode.NotFound)
                    reason += $"; is api_path '{ApiPath}' right? etcd 3.4 and later serve {DefaultApiPath}, 3.3 /v3beta, 3.2 /v3alpha";
                // 4xx: the request itself is wrong (bad api_path, bad body): another member would say the same.
                return (int)response.StatusCode >= 500 ? Outcome.Retry(reason) : Outcome.Final(reason);
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes);
            }
            catch (JsonException e)
            {
                return Outcome.Retry($"the answer is not JSON ({e.Message}): {Excerpt(bytes)}");
            }
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.EnumerateObject().Any())
            {
                document.Dispose();
                return Outcome.Retry("empty answer ({})");
            }
            answer = document;
            return default;
        }
        catch (Exception) when (deadline.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Outcome.Timeout;
        }
        catch (HttpRequestException e)
        {
            return Outcome.Retry(Describe(e));
        }
        catch (IOException e)
        {
            return Outcome.Retry($"connection broken: {e.Message}");
        }
    }

    private static byte[] ReadAll(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16384];
        int n;
        while ((n = stream.ReadAsync(buffer, cancellationToken).AsTask().GetAwaiter().GetResult()) > 0)
        {
            if (copy.Length + n > MaxResponseBytes) throw new IOException($"answer longer than {MaxResponseBytes} bytes");
            copy.Write(buffer, 0, n);
        }
        return copy.ToArray();
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket) return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
                _ => $"connection failed ({socket.SocketErrorCode})",
            };
            if (inner is System.Security.Authentication.AuthenticationException auth) return $"TLS handshake failed: {auth.Message}";
        }
        return e.Message;
    }

    private static string Excerpt(byte[] bytes) =>
        bytes.Length == 0 ? "(empty body)" : Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300)).ReplaceLineEndings(" ");

    private void Failed(int index, string reason)
    {
        bool log;
        lock (_latches[index]) log = _latches[index].Fail(reason);
        if (log) Log.HostFailed(_log, Hosts[index], reason);
    }

    private void Cleared(int index)
    {
        bool log;
        long repeats;
        lock (_latches[index]) log = _latches[index].Clear(out repeats);
        if (log) Log.HostRecovered(_log, Hosts[index], repeats);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Wca.Discovery.Http;

/// <summary>
/// The one HTTP(S) client of an orchestrator node, reused for every poll (connections stay open between iterations).
/// <see cref="Send"/> is synchronous, as <c>INode.GetTasks</c> is: it returns a 2xx answer with its whole body, read
/// within <c>timeout</c> (connecting, TLS, headers and body together) and at most <c>maxResponseBytes</c> long, or
/// throws <see cref="DiscoveryException"/> saying what went wrong in the operator's terms, naming the URL. The stop
/// token aborts a call in flight at once (the connection is torn down), so a hung orchestrator never delays shutdown:
/// then <see cref="OperationCanceledException"/> is thrown, not a failure.
/// </summary>
internal sealed class OrchestratorClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="ssl">TLS settings; null = verify the server against the system CAs, no client certificate.</param>
    /// <param name="timeout">Longest a whole exchange may take.</param>
    /// <param name="maxResponseBytes">Longest accepted body.</param>
    public OrchestratorClient(SslSettings? ssl, TimeSpan timeout, long maxResponseBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResponseBytes, 1);
        Timeout = timeout;
        MaxResponseBytes = maxResponseBytes;
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = timeout,
            // A restarted orchestrator (or a moved service IP) is reconnected to within a few polls.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 64,
        };
        if (ssl is null) SslSettings.ConfigureDefault(handler.SslOptions);
        else ssl.Configure(handler.SslOptions);
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("wca", Wca.Host.AgentVersion.Current.Split('+')[0]));
    }

    public TimeSpan Timeout { get; }
    public long MaxResponseBytes { get; }

    /// <summary>Sends <paramref name="request"/> and reads the whole answer (the request is disposed).</summary>
    /// <exception cref="DiscoveryException">No usable answer: its kind says why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="stopping"/> was cancelled.</exception>
    public OrchestratorResponse Send(HttpRequestMessage request, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var _ = request;
        var url = Describe(request.RequestUri);
        stopping.ThrowIfCancellationRequested();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(Timeout);
        var token = deadline.Token;
        HttpResponseMessage? response = null;
        try
        {
            response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, token);
            CheckStatus(response, url, token);
            var body = ReadBody(response, url, token);
            return new OrchestratorResponse(response.StatusCode, body) { MediaType = response.Content.Headers.ContentType?.MediaType };
        }
        catch (Exception e) when (e is not DiscoveryException && token.IsCancellationRequested)
        {
            stopping.ThrowIfCancellationRequested();
            throw new DiscoveryException(DiscoveryFailureKind.Timeout,
                $"{url} did not answer within the timeout of {Timeout.TotalSeconds:0.###} s (is the orchestrator overloaded or hung?)", e);
        }
        catch (HttpRequestException e)
        {
            throw Classify(e, url);
        }
        catch (IOException e)
        {
            throw new DiscoveryException(DiscoveryFailureKind.Interrupted, $"{url}: the connection broke while the answer was read ({Innermost(e)})", e);
        }
        finally
        {
            response?.Dispose();
        }
    }

    private void CheckStatus(HttpResponseMessage response, string url, CancellationToken token)
    {
        if (response.IsSuccessStatusCode) return;
        var code = (int)response.StatusCode;
        // A few bytes of the body tell the operator what the server objects to (kubelet: "Unauthorized").
        var excerpt = Excerpt(response, token);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new DiscoveryException(DiscoveryFailureKind.Unauthorized,
                $"{url} refused the agent's credentials: HTTP {code} {response.ReasonPhrase}{excerpt} (check the client certificate or token, and its permissions)",
                status: response.StatusCode);
        throw new DiscoveryException(DiscoveryFailureKind.HttpStatus, $"{url} answered HTTP {code} {response.ReasonPhrase}{excerpt}", status: response.StatusCode);
    }

    private static string Excerpt(HttpResponseMessage response, CancellationToken token)
    {
        try
        {
            using var stream = response.Content.ReadAsStream(token);
            Span<byte> buffer = stackalloc byte[160];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (n == 0) return "";
            var text = System.Text.Encoding.UTF8.GetString(buffer[..n]);
            var clean = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
            return clean.Length == 0 ? "" : $": '{clean}{(n == buffer.Length ? "..." : "")}'";
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return "";
        }
    }

    private byte[] ReadBody(HttpResponseMessage response, string url, CancellationToken token)
    {
        var announced = response.Content.Headers.ContentLength;
        if (announced > MaxResponseBytes) throw TooLarge(url, $"{announced} bytes announced");
        using var stream = response.Content.ReadAsStream(token);
        // A blocking read does not watch the token: tearing the answer down on cancellation ends it.
        using var abort = token.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
        if (announced is { } length)
        {
            var exact = GC.AllocateUninitializedArray<byte>((int)length);
            var got = stream.ReadAtLeast(exact, exact.Length, throwOnEndOfStream: false);
            if (got < exact.Length)
            {
                token.ThrowIfCancellationRequested();
                throw new DiscoveryException(DiscoveryFailureKind.Interrupted, $"{url}: the answer ended after {got} of {length} bytes (connection closed mid-answer)");
            }
            return exact;
        }
        // No length (chunked): grow, but never past the bound.
        var buffer = new byte[16 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length > MaxResponseBytes) throw TooLarge(url, $"more than {MaxResponseBytes} bytes sent");
                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 1), Math.Min(MaxResponseBytes + 1, Array.MaxLength)));
            }
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0) break;
            filled += n;
            if (filled > MaxResponseBytes) throw TooLarge(url, $"more than {MaxResponseBytes} bytes sent");
        }
        token.ThrowIfCancellationRequested();
        return filled == buffer.Length ? buffer : buffer.AsSpan(0, filled).ToArray();
    }

    private DiscoveryException TooLarge(string url, string what) => new(DiscoveryFailureKind.TooLarge,
        $"{url}: the answer is larger than the bound of {MaxResponseBytes} bytes ({what}); raise the node's max_response_bytes if that is expected");

    private static DiscoveryException Classify(HttpRequestException e, string url)
    {
        var socket = Find<SocketException>(e);
        if (socket?.SocketErrorCode == SocketError.ConnectionRefused)
            return new(DiscoveryFailureKind.ConnectionRefused, $"{url}: connection refused (is the orchestrator agent running and listening there?)", e);
        if (e.HttpRequestError == HttpRequestError.SecureConnectionError || Find<AuthenticationException>(e) is not null)
            return new(DiscoveryFailureKind.Tls, $"{url}: TLS handshake failed: {Innermost(e)} (check server_verify, the CA bundle and the client certificate)", e);
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new(DiscoveryFailureKind.ConnectionFailed, $"{url}: the host name cannot be resolved ({Innermost(e)})", e),
            HttpRequestError.ConnectionError => new(DiscoveryFailureKind.ConnectionFailed, $"{url}: cannot connect ({Innermost(e)})", e),
            HttpRequestError.ResponseEnded => new(DiscoveryFailureKind.Interrupted, $"{url}: the connection closed before a complete answer", e),
            HttpRequestError.InvalidResponse => new(DiscoveryFailureKind.MalformedAnswer, $"{url}: the answer is not valid HTTP ({Innermost(e)})", e),
            HttpRequestError.ConfigurationLimitExceeded => new(DiscoveryFailureKind.TooLarge, $"{url}: the answer's headers exceed the client's limits", e),
            _ => new(DiscoveryFailureKind.ConnectionFailed, $"{url}: {Innermost(e)}", e),
        };
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message.TrimEnd('.');
    }

    /// <summary>The URL without a query's secrets or user info, as logs show it.</summary>
    private static string Describe(Uri? uri) =>
        uri is null ? "(no URL)" : uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.ToString();

    public void Dispose() => _http.Dispose();
}

using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wca.Tests.TestSupport;

/// <summary>
/// A fake orchestrator (kubelet, kube-apiserver, Mesos agent): Kestrel on 127.0.0.1 at a random port, over HTTPS with
/// the <see cref="TestCertificates"/> server certificate (optionally requiring a client certificate of the test CA)
/// or plain HTTP. A test sets what each method and path answers (<see cref="Set"/>, changeable while clients poll),
/// including faults (<see cref="OrchestratorFault"/>); unknown routes answer 404. Every request is recorded.
/// <see cref="Stop"/> and <see cref="Restart"/> take it away and bring it back on the same port (a restarted kubelet).
/// </summary>
public sealed class OrchestratorServer : IDisposable
{
    private readonly ConcurrentDictionary<(string Method, string Path), OrchestratorRoute> _routes = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly TestCertificates? _certificates;
    private readonly bool _requireClientCertificate;
    private CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    private OrchestratorServer(TestCertificates? certificates, bool requireClientCertificate)
    {
        _certificates = certificates;
        _requireClientCertificate = requireClientCertificate;
    }

    /// <summary>An HTTPS server with <paramref name="certificates"/>' server certificate.</summary>
    public static OrchestratorServer StartHttps(TestCertificates certificates, bool requireClientCertificate = false)
    {
        var server = new OrchestratorServer(certificates, requireClientCertificate);
        server.Start(0);
        return server;
    }

    /// <summary>A plain HTTP server.</summary>
    public static OrchestratorServer StartHttp()
    {
        var server = new OrchestratorServer(null, false);
        server.Start(0);
        return server;
    }

    public int Port { get; private set; }
    public bool IsHttps => _certificates is not null;

    /// <summary>e.g. https://127.0.0.1:40123 (no trailing slash).</summary>
    public string Url => $"{(IsHttps ? "https" : "http")}://127.0.0.1:{Port}";

    public Uri BaseUri => new(Url + "/");

    /// <summary>Sets what <paramref name="method"/> <paramref name="path"/> answers from now on.</summary>
    public void Set(string method, string path, OrchestratorRoute route) => _routes[(method.ToUpperInvariant(), path)] = route;

    public void SetGet(string path, OrchestratorRoute route) => Set("GET", path, route);
    public void SetPost(string path, OrchestratorRoute route) => Set("POST", path, route);
    public void Remove(string method, string path) => _routes.TryRemove((method.ToUpperInvariant(), path), out _);

    /// <summary>Every request so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int CountRequests(string path) => _requests.Count(r => r.Path == path);

    public void ClearRequests() => _requests.Clear();

    /// <summary>Stops listening (clients see connection refused); routes and records stay.</summary>
    public void Stop()
    {
        if (_app is null) return;
        _stopping.Cancel();
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            _app.StopAsync(grace.Token).GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _app = null;
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restart()
    {
        Stop();
        _stopping = new CancellationTokenSource();
        Start(Port);
    }

    private void Start(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                if (_certificates is null) return;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = _certificates.Server;
                    https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    https.ClientCertificateMode = _requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => _certificates.IsIssuedByCa(certificate);
                });
            });
        });
        var app = builder.Build();
        app.Run(Handle);
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }

    private async Task Handle(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray(), context.Connection.ClientCertificate is not null));

        var response = context.Response;
        if (!_routes.TryGetValue((request.Method, request.Path.Value ?? ""), out var route))
        {
            response.StatusCode = 404;
            response.ContentType = "text/plain";
            await response.WriteAsync($"404 page not found: {request.Method} {request.Path}", context.RequestAborted);
            return;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var token = linked.Token;
        try
        {
            if (route.Delay > TimeSpan.Zero) await Task.Delay(route.Delay, token);
            await Answer(context, route, token);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }

    private static async Task Answer(HttpContext context, OrchestratorRoute route, CancellationToken token)
    {
        var response = context.Response;
        switch (route.Fault)
        {
            case OrchestratorFault.None:
                response.StatusCode = route.Status;
                response.ContentType = route.ContentType;
                response.ContentLength = route.Body.Length;
                await response.Body.WriteAsync(route.Body, token);
                break;
            case OrchestratorFault.DropMidBody:
            case OrchestratorFault.StallMidBody:
                response.StatusCode = 200;
                response.ContentType = route.ContentType;
                response.ContentLength = route.Body.Length;
                await response.Body.WriteAsync(route.Body.AsMemory(0, route.Body.Length / 2), token);
                await response.Body.FlushAsync(token);
                if (route.Fault == OrchestratorFault.StallMidBody) await Task.Delay(Timeout.Infinite, token);
                await Task.Delay(50, token);
                context.Abort();
                break;
            case OrchestratorFault.Stall:
                await Task.Delay(Timeout.Infinite, token);
                break;
            case OrchestratorFault.Garbage:
                response.StatusCode = 200;
                response.ContentType = "application/json";
                await response.WriteAsync("<html><body>\u0001\u0002 this is not JSON {{{", token);
                break;
            case OrchestratorFault.Huge:
            case OrchestratorFault.HugeAnnounced:
                response.StatusCode = 200;
                response.ContentType = "application/json";
                if (route.Fault == OrchestratorFault.HugeAnnounced) response.ContentLength = route.HugeBytes;
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)' ');
                chunk[0] = (byte)'[';
                for (long sent = 0; sent < route.HugeBytes; sent += chunk.Length)
                    await response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, route.HugeBytes - sent)), token);
                break;
        }
    }

    public void Dispose()
    {
        Stop();
        _stopping.Dispose();
    }
}

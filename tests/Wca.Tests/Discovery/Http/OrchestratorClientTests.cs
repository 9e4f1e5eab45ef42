using System.Diagnostics;
using System.Net;
using System.Text;
using Wca.Discovery.Http;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Http;

/// <summary>The orchestrator client against a real Kestrel server on loopback: TLS verification, client certificates, every fault.</summary>
public sealed class OrchestratorClientTests : IClassFixture<OrchestratorClientTests.Pki>
{
    public sealed class Pki : IDisposable
    {
        public TestCertificates Certificates { get; } = new();
        public void Dispose() => Certificates.Dispose();
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private const long Bound = 1024 * 1024;
    private readonly TestCertificates _certs;

    public OrchestratorClientTests(Pki pki) => _certs = pki.Certificates;

    private SslSettings TrustingCa(bool withClient = false) => withClient
        ? new SslSettings(_certs.CaPath, _certs.ClientCertPath, _certs.ClientKeyPath)
        : new SslSettings(_certs.CaPath);

    private static HttpRequestMessage Get(OrchestratorServer server, string path) => new(HttpMethod.Get, server.Url + path);

    private static DiscoveryException Fails(OrchestratorClient client, HttpRequestMessage request, CancellationToken stopping = default) =>
        Assert.Throws<DiscoveryException>(() => client.Send(request, stopping));

    [Fact]
    public void A_trusted_ca_path_accepts_the_server_and_the_body_comes_back_whole()
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", OrchestratorRoute.Json("{\"items\": []}"));
        using var client = new OrchestratorClient(TrustingCa(), Timeout, Bound);

        var response = client.Send(Get(server, "/pods"), default);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("{\"items\": []}", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal("application/json", response.MediaType);
        // Reused: a second call on the same client works too.
        Assert.Equal(response.Body.Length, client.Send(Get(server, "/pods"), default).Body.Length);
        Assert.Equal(2, server.CountRequests("/pods"));
    }

    [Fact]
    public void Server_verify_true_rejects_a_server_the_system_does_not_trust()
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", OrchestratorRoute.Json("{}"));
        using var defaults = new OrchestratorClient(null, Timeout, Bound);
        using var verifying = new OrchestratorClient(new SslSettings(true), Timeout, Bound);

        var e = Fails(defaults, Get(server, "/pods"));
        Assert.Equal(DiscoveryFailureKind.Tls, e.Kind);
        Assert.Contains(server.Url + "/pods", e.Message);
        Assert.Equal(DiscoveryFailureKind.Tls, Fails(verifying, Get(server, "/pods")).Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Another_ca_bundle_rejects_the_server_and_false_accepts_anything()
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", OrchestratorRoute.Json("{}"));
        using var otherCa = new OrchestratorClient(new SslSettings(_certs.OtherCaPath), Timeout, Bound);
        using var anything = new OrchestratorClient(new SslSettings(false), Timeout, Bound);

        Assert.Equal(DiscoveryFailureKind.Tls, Fails(otherCa, Get(server, "/pods")).Kind);
        Assert.Equal(HttpStatusCode.OK, anything.Send(Get(server, "/pods"), default).Status);
    }

    [Fact]
    public void A_server_requiring_a_client_certificate_refuses_a_client_without_one_and_accepts_the_right_one()
    {
        using var server = OrchestratorServer.StartHttps(_certs, requireClientCertificate: true);
        server.SetGet("/pods", OrchestratorRoute.Json("{}"));
        using var without = new OrchestratorClient(TrustingCa(), Timeout, Bound);
        using var with = new OrchestratorClient(TrustingCa(withClient: true), Timeout, Bound);
        using var combined = new OrchestratorClient(new SslSettings(_certs.CaPath, _certs.ClientCombinedPath), Timeout, Bound);
        using var intruder = new OrchestratorClient(new SslSettings(_certs.CaPath, _certs.UntrustedClientCertPath, _certs.UntrustedClientKeyPath), Timeout, Bound);

        var refused = Fails(without, Get(server, "/pods"));
        Assert.True(refused.Kind is DiscoveryFailureKind.Tls or DiscoveryFailureKind.Interrupted, refused.Kind + ": " + refused.Message);
        var wrong = Fails(intruder, Get(server, "/pods"));
        Assert.True(wrong.Kind is DiscoveryFailureKind.Tls or DiscoveryFailureKind.Interrupted, wrong.Kind + ": " + wrong.Message);
        Assert.Equal(HttpStatusCode.OK, with.Send(Get(server, "/pods"), default).Status);
        Assert.Equal(HttpStatusCode.OK, combined.Send(Get(server, "/pods"), default).Status);
        Assert.All(server.Requests, r => Assert.True(r.HadClientCertificate));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public void Connection_refused_names_the_url()
    {
        using var server = OrchestratorServer.StartHttp();
        var url = server.Url;
        server.Stop();
        using var client = new OrchestratorClient(null, Timeout, Bound);

        var e = Fails(client, new HttpRequestMessage(HttpMethod.Get, url + "/pods"));

        Assert.Equal(DiscoveryFailureKind.ConnectionRefused, e.Kind);
        Assert.Contains(url + "/pods", e.Message);
        Assert.Contains("connection refused", e.Message);
    }

    [Theory]
    [InlineData(401, nameof(DiscoveryFailureKind.Unauthorized))]
    [InlineData(403, nameof(DiscoveryFailureKind.Unauthorized))]
    [InlineData(500, nameof(DiscoveryFailureKind.HttpStatus))]
    [InlineData(404, nameof(DiscoveryFailureKind.HttpStatus))]
    public void A_status_outside_2xx_is_its_kind_with_the_code_and_a_piece_of_the_body(int status, string kindName)
    {
        var kind = Enum.Parse<DiscoveryFailureKind>(kindName);
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", OrchestratorRoute.StatusOnly(status, "Unauthorized or broken"));
        using var client = new OrchestratorClient(TrustingCa(), Timeout, Bound);

        var e = Fails(client, Get(server, "/pods"));

        Assert.Equal(kind, e.Kind);
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Contains($"HTTP {status}", e.Message);
        Assert.Contains("Unauthorized or broken", e.Message);
    }

    [Fact]
    public void A_connection_dropped_mid_body_is_interrupted()
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", new OrchestratorRoute { Fault = OrchestratorFault.DropMidBody, Body = new byte[200_000] });
        using var client = new OrchestratorClient(TrustingCa(), Timeout, Bound);

        Assert.Equal(DiscoveryFailureKind.Interrupted, Fails(client, Get(server, "/pods")).Kind);
    }

    [Theory]
    [InlineData(OrchestratorFault.Huge)]
    [InlineData(OrchestratorFault.HugeAnnounced)]
    public void An_answer_beyond_the_bound_is_too_large(OrchestratorFault fault)
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", new OrchestratorRoute { Fault = fault, HugeBytes = 100L * 1024 * 1024 });
        using var client = new OrchestratorClient(TrustingCa(), Timeout, Bound);

        var e = Fails(client, Get(server, "/pods"));

        Assert.Equal(DiscoveryFailureKind.TooLarge, e.Kind);
        Assert.Contains(Bound.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void An_answer_of_exactly_the_bound_is_accepted()
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/chunked", new OrchestratorRoute { Fault = OrchestratorFault.Huge, HugeBytes = 4096 });
        server.SetGet("/exact", new OrchestratorRoute { Body = new byte[4096] });
        using var client = new OrchestratorClient(TrustingCa(), Timeout, 4096);

        Assert.Equal(4096, client.Send(Get(server, "/chunked"), default).Body.Length);
        Assert.Equal(4096, client.Send(Get(server, "/exact"), default).Body.Length);
    }

    [Theory]
    [InlineData(OrchestratorFault.Stall)]
    [InlineData(OrchestratorFault.StallMidBody)]
    public void A_stalled_server_is_a_timeout(OrchestratorFault fault)
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", new OrchestratorRoute { Fault = fault, Body = new byte[100_000] });
        using var client = new OrchestratorClient(TrustingCa(), TimeSpan.FromMilliseconds(500), Bound);

        var e = Fails(client, Get(server, "/pods"));

        Assert.Equal(DiscoveryFailureKind.Timeout, e.Kind);
        Assert.Contains("0.5 s", e.Message);
    }

    [Theory]
    [InlineData(OrchestratorFault.Stall)]
    [InlineData(OrchestratorFault.StallMidBody)]
    public void Stopping_cancels_a_call_in_flight_promptly(OrchestratorFault fault)
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", new OrchestratorRoute { Fault = fault, Body = new byte[100_000] });
        using var client = new OrchestratorClient(TrustingCa(), TimeSpan.FromSeconds(60), Bound);
        using var stopping = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        stopping.CancelAfter(300);

        Assert.ThrowsAny<OperationCanceledException>(() => client.Send(Get(server, "/pods"), stopping.Token));

        // Far below the 60 s timeout: the call was torn down, not waited out.
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Plain_http_works_and_headers_reach_the_server()
    {
        using var server = OrchestratorServer.StartHttp();
        server.SetPost("/api/v1", OrchestratorRoute.Json("{\"type\": \"GET_STATE\"}"));
        using var client = new OrchestratorClient(null, Timeout, Bound);
        var request = new HttpRequestMessage(HttpMethod.Post, server.Url + "/api/v1") { Content = new StringContent("{\"type\": \"GET_STATE\"}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "token-1");

        client.Send(request, default);

        var recorded = Assert.Single(server.Requests);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("Bearer token-1", recorded.Header("Authorization"));
        Assert.Equal("{\"type\": \"GET_STATE\"}", recorded.BodyText);
        Assert.False(recorded.HadClientCertificate);
    }

    [Fact]
    public void The_server_restarts_on_its_port_and_a_reused_client_reconnects()
    {
        using var server = OrchestratorServer.StartHttps(_certs);
        server.SetGet("/pods", OrchestratorRoute.Json("{}"));
        using var client = new OrchestratorClient(TrustingCa(), Timeout, Bound);
        client.Send(Get(server, "/pods"), default);
        var port = server.Port;

        server.Stop();
        Assert.True(Fails(client, Get(server, "/pods")).Kind is DiscoveryFailureKind.ConnectionRefused or DiscoveryFailureKind.Interrupted);
        server.Restart();

        Assert.Equal(port, server.Port);
        Assert.Equal(HttpStatusCode.OK, client.Send(Get(server, "/pods"), default).Status);
    }
}

using Microsoft.Extensions.Logging;
using Wca.Discovery.Http;
using Wca.Discovery.Kubernetes;
using Wca.Kernel.Cgroups;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Kubernetes;

/// <summary>KubernetesNode against a real HTTPS kubelet / apiserver on loopback (test CA, client certificates, bearer tokens).</summary>
public sealed class KubernetesNodeHttpsTests : IDisposable
{
    private const string TestUid = "4d6a81df-3448-11e9-8e1d-246e96663c22";
    private const string Test2Uid = "567975a0-3448-11e9-8e1d-246e96663c22";
    private readonly TestCertificates _certs = new();
    private readonly TestDirectory _account = new();
    private readonly CgroupFixtureTree _cgroups = CgroupFixtureTree.V1();
    private readonly RecordingLogger _log = new();

    public KubernetesNodeHttpsTests()
    {
        // The fixture's two default pods exist on this (fake) node, with their docker containers.
        foreach (var h in new[] { "cpu", "cpuacct", "memory" })
        {
            _cgroups.CreateCgroup(h, $"/kubepods/burstable/pod{TestUid}/eb9c378219b6a4efc034ea8898b19faa0e27c7b20b8eb254fda361cceacf8e90");
            _cgroups.CreateCgroup(h, $"/kubepods/besteffort/pod{Test2Uid}/e90bbbb3b060baa1d354cd9b26f353d66fbb08d785abd32f4f6ec52ac843a2e7");
        }
    }

    public void Dispose()
    {
        _cgroups.Dispose();
        _account.Dispose();
        _certs.Dispose();
    }

    private KubernetesNode Node(Func<string, string?>? env = null, SslSettings? ssl = null, bool? kubeletEnabled = null, string? kubeletEndpoint = null,
        string? kubeapiHost = null, string? kubeapiPort = null, string? nodeIp = null, string? nodeName = null, string? clientTokenPath = null,
        string? serverCertCaPath = null) =>
        new(env ?? (_ => null), new CgroupFs(_cgroups.Root), _log, ssl: ssl, kubeletEnabled: kubeletEnabled, kubeletEndpoint: kubeletEndpoint,
            kubeapiHost: kubeapiHost, kubeapiPort: kubeapiPort, nodeIp: nodeIp, nodeName: nodeName, clientTokenPath: clientTokenPath,
            serverCertCaPath: serverCertCaPath, serviceAccountDirectory: _account.Path, timeout: 15);

    [Fact]
    public void The_kubelet_is_asked_with_a_client_certificate_and_its_pods_are_tasks()
    {
        using var kubelet = OrchestratorServer.StartHttps(_certs, requireClientCertificate: true);
        kubelet.SetGet("/pods", OrchestratorRoute.File(KubernetesFixtures.GetState));
        using var node = Node(ssl: new SslSettings(_certs.CaPath, _certs.ClientCertPath, _certs.ClientKeyPath), kubeletEndpoint: kubelet.Url);

        var tasks = node.GetTasks(CancellationToken.None);

        Assert.Equal(["default/test", "default/test2"], tasks.Select(t => t.Name));
        Assert.Equal([TestUid, Test2Uid], tasks.Select(t => t.TaskId));
        var request = Assert.Single(kubelet.Requests);
        Assert.Equal("GET", request.Method);
        Assert.True(request.HadClientCertificate);
        Assert.Null(request.Header("Authorization"));
        Assert.Contains("application/json", request.Header("Accept"), StringComparison.Ordinal);
        Assert.Contains(_log.Lines, l => l.Message.Contains("kubelet mode (kubelet_endpoint is given and kubeapi_host is not)", StringComparison.Ordinal));

        // Nothing changed: the same list instance, so the runner skips its bookkeeping.
        Assert.Same(tasks, node.GetTasks(CancellationToken.None));
    }

    [Fact]
    public void A_kubelet_that_wants_a_client_certificate_refuses_a_node_without_one()
    {
        using var kubelet = OrchestratorServer.StartHttps(_certs, requireClientCertificate: true);
        kubelet.SetGet("/pods", OrchestratorRoute.File(KubernetesFixtures.GetState));
        using var node = Node(ssl: new SslSettings(_certs.CaPath), kubeletEndpoint: kubelet.Url);

        var e = Assert.Throws<DiscoveryException>(() => node.GetTasks(CancellationToken.None));
        Assert.Contains(e.Kind, new[] { DiscoveryFailureKind.Tls, DiscoveryFailureKind.Interrupted, DiscoveryFailureKind.ConnectionFailed });
    }

    [Fact]
    public void An_untrusted_kubelet_is_refused_when_the_server_is_verified()
    {
        using var kubelet = OrchestratorServer.StartHttps(_certs);
        kubelet.SetGet("/pods", OrchestratorRoute.File(KubernetesFixtures.GetState));
        using var node = Node(ssl: new SslSettings(true), kubeletEndpoint: kubelet.Url);

        Assert.Equal(DiscoveryFailureKind.Tls, Assert.Throws<DiscoveryException>(() => node.GetTasks(CancellationToken.None)).Kind);
        Assert.Empty(kubelet.Requests);
    }

    [Fact]
    public void The_apiserver_gets_the_service_account_token_again_after_it_rotates()
    {
        using var api = OrchestratorServer.StartHttps(_certs);
        api.SetGet("/api/v1/namespaces/default/pods", OrchestratorRoute.File(KubernetesFixtures.GetState));
        var token = _account.Write("token", "first-token\n");
        File.Copy(_certs.CaPath, _account.File("ca.crt"));
        var env = (string name) => name switch { "KUBERNETES_SERVICE_HOST" => "127.0.0.1", "KUBERNETES_SERVICE_PORT" => api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => null };
        using var node = Node(env, nodeIp: "100.64.176.33");
        Assert.Equal(KubernetesMode.ApiServer, node.Mode);

        Assert.Equal(2, node.GetTasks(CancellationToken.None).Count);
        File.WriteAllText(token, "second-token-after-rotation\n");
        File.SetLastWriteTimeUtc(token, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(2, node.GetTasks(CancellationToken.None).Count);

        Assert.Equal(["Bearer first-token", "Bearer second-token-after-rotation"], api.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public void With_node_name_the_apiserver_is_asked_for_this_nodes_pods_only()
    {
        using var api = OrchestratorServer.StartHttps(_certs);
        api.SetGet("/api/v1/namespaces/default/pods", OrchestratorRoute.File(KubernetesFixtures.GetState));
        var token = _account.Write("my-token", "t0k3n");
        var port = api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var node = Node(kubeapiHost: "127.0.0.1", kubeapiPort: port, nodeName: "node1", clientTokenPath: token, serverCertCaPath: _certs.CaPath);
        using var other = Node(kubeapiHost: "127.0.0.1", kubeapiPort: port, nodeName: "node2", clientTokenPath: token, serverCertCaPath: _certs.CaPath);

        Assert.Equal(["default/test", "default/test2"], node.GetTasks(CancellationToken.None).Select(t => t.Name));
        // The fake answers node1's pods to node2 too: the answer is checked again, nothing of another node kept.
        Assert.Empty(other.GetTasks(CancellationToken.None));
        Assert.Equal(["?fieldSelector=spec.nodeName%3Dnode1", "?fieldSelector=spec.nodeName%3Dnode2"], api.Requests.Select(r => r.Query));
        Assert.All(api.Requests, r => Assert.Equal("Bearer t0k3n", r.Header("Authorization")));
    }

    [Fact]
    public void Without_its_token_the_apiserver_is_not_asked_and_the_failure_says_why()
    {
        using var api = OrchestratorServer.StartHttps(_certs);
        using var node = Node(kubeapiHost: "127.0.0.1", kubeapiPort: api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), nodeIp: "100.64.176.33",
            serverCertCaPath: _certs.CaPath);

        var e = Assert.Throws<DiscoveryException>(() => node.GetTasks(CancellationToken.None));
        Assert.Equal(DiscoveryFailureKind.Unauthorized, e.Kind);
        Assert.Contains("token", e.Message, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData(OrchestratorFault.Garbage, DiscoveryFailureKind.MalformedAnswer)]
    [InlineData(OrchestratorFault.DropMidBody, DiscoveryFailureKind.Interrupted)]
    internal void A_broken_answer_is_a_discovery_failure_of_its_kind(OrchestratorFault fault, DiscoveryFailureKind kind)
    {
        using var kubelet = OrchestratorServer.StartHttps(_certs);
        kubelet.SetGet("/pods", OrchestratorRoute.File(KubernetesFixtures.GetState) with { Fault = fault });
        using var node = Node(ssl: new SslSettings(_certs.CaPath), kubeletEndpoint: kubelet.Url);

        Assert.Equal(kind, Assert.Throws<DiscoveryException>(() => node.GetTasks(CancellationToken.None)).Kind);
    }

    [Fact]
    public void Truncated_json_in_a_complete_answer_is_a_malformed_answer()
    {
        using var kubelet = OrchestratorServer.StartHttps(_certs);
        var body = File.ReadAllBytes(KubernetesFixtures.GetState);
        kubelet.SetGet("/pods", new OrchestratorRoute { Body = body[..(body.Length / 2)] });
        using var node = Node(ssl: new SslSettings(_certs.CaPath), kubeletEndpoint: kubelet.Url);

        var e = Assert.Throws<DiscoveryException>(() => node.GetTasks(CancellationToken.None));
        Assert.Equal(DiscoveryFailureKind.MalformedAnswer, e.Kind);
        Assert.Contains(kubelet.Url + "/pods", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pod_without_its_cgroup_is_skipped_with_one_debug_line_until_it_appears()
    {
        using var kubelet = OrchestratorServer.StartHttps(_certs);
        var uid = "0f1e2d3c-4b5a-4678-9abc-def012345678";
        kubelet.SetGet("/pods", new OrchestratorRoute
        {
            Body = PodListGenerator.Write([new GeneratedPod("default", "late", uid, "Guaranteed", ["containerd://" + new string('a', 64)], new Dictionary<string, string>())]),
        });
        using var node = Node(ssl: new SslSettings(_certs.CaPath), kubeletEndpoint: kubelet.Url);

        for (var i = 0; i < 3; i++) Assert.Empty(node.GetTasks(CancellationToken.None));
        Assert.Single(_log.Lines, l => l.Level == LogLevel.Debug && l.Message.Contains($"ignoring pod default/late (uid {uid}): its cgroup /kubepods/pod{uid} does not exist", StringComparison.Ordinal));

        foreach (var h in new[] { "cpu", "cpuacct", "memory" }) _cgroups.CreateCgroup(h, $"/kubepods/pod{uid}/{new string('a', 64)}");
        var task = Assert.Single(node.GetTasks(CancellationToken.None));
        Assert.Equal($"/kubepods/pod{uid}", task.CgroupPath);
    }
}

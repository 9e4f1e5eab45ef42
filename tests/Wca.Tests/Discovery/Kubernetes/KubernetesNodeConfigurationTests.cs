using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery.Kubernetes;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Kubernetes;

/// <summary>Which mode a configuration means (2019 kubelet configs, final-release apiserver configs, in-cluster), and the original's configs loading.</summary>
public sealed class KubernetesNodeConfigurationTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly TestDirectory _account = new();

    public KubernetesNodeConfigurationTests()
    {
        _account.Write("token", "sa-token\n");
        _account.Write("namespace", "monitoring");
    }

    public void Dispose()
    {
        _dir.Dispose();
        _account.Dispose();
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private KubernetesNode Node(Func<string, string?>? env = null, bool? kubeletEnabled = null, string? kubeletEndpoint = null, string? kubeapiHost = null,
        string? kubeapiPort = null, string? nodeIp = null, string? nodeName = null, List<string>? namespaces = null, string? accountDirectory = null) =>
        new(env ?? Env(), new CgroupFs(HostPaths.Default), NullLogger.Instance, kubeletEnabled: kubeletEnabled, kubeletEndpoint: kubeletEndpoint,
            kubeapiHost: kubeapiHost, kubeapiPort: kubeapiPort, nodeIp: nodeIp, nodeName: nodeName, monitoredNamespaces: namespaces,
            serviceAccountDirectory: accountDirectory ?? _dir.File("no-account"));

    [Fact]
    public void A_2019_config_naming_only_the_kubelet_endpoint_asks_the_kubelet()
    {
        using var node = Node(kubeletEndpoint: "https://100.64.176.37:10250");
        Assert.Equal(KubernetesMode.Kubelet, node.Mode);
        Assert.Equal("kubelet_endpoint is given and kubeapi_host is not", node.ModeReason);
        Assert.Equal(["https://100.64.176.37:10250/pods"], node.Urls.Select(u => u.ToString()));
        Assert.Null(node.Token);
    }

    [Fact]
    public void Kubelet_enabled_decides_when_given()
    {
        using var kubelet = Node(kubeletEnabled: true, kubeapiHost: "10.96.0.1", nodeIp: "10.0.0.7");
        Assert.Equal(KubernetesMode.Kubelet, kubelet.Mode);
        Assert.Equal(["https://127.0.0.1:10250/pods"], kubelet.Urls.Select(u => u.ToString()));

        using var api = Node(kubeletEnabled: false, kubeletEndpoint: "https://127.0.0.1:10250", kubeapiHost: "api.example", kubeapiPort: "6443", nodeIp: "10.0.0.7",
            namespaces: ["default", "batch"]);
        Assert.Equal(KubernetesMode.ApiServer, api.Mode);
        Assert.Equal("kubelet_enabled: false", api.ModeReason);
        Assert.Equal(["https://api.example:6443/api/v1/namespaces/default/pods", "https://api.example:6443/api/v1/namespaces/batch/pods"],
            api.Urls.Select(u => u.ToString()));
    }

    [Fact]
    public void A_node_name_asks_the_apiserver_for_this_nodes_pods_only()
    {
        using var node = Node(kubeapiHost: "10.96.0.1", nodeName: "worker-1.example");
        Assert.Equal(KubernetesMode.ApiServer, node.Mode);
        Assert.Equal("kubeapi_host is given", node.ModeReason);
        Assert.Equal("https://10.96.0.1/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3Dworker-1.example", Assert.Single(node.Urls).AbsoluteUri);
    }

    [Fact]
    public void In_a_cluster_the_apiserver_and_the_service_account_are_the_defaults()
    {
        using var node = Node(Env(("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443")), nodeIp: "10.0.0.7", accountDirectory: _account.Path);
        Assert.Equal(KubernetesMode.ApiServer, node.Mode);
        Assert.StartsWith("running in a cluster", node.ModeReason, StringComparison.Ordinal);
        Assert.Equal("https://10.96.0.1/api/v1/namespaces/default/pods", Assert.Single(node.Urls).AbsoluteUri);
        Assert.Equal(_account.File("token"), node.Token!.Path);
        Assert.Equal("sa-token", node.Token.Current());
    }

    [Fact]
    public void Without_apiserver_or_service_account_the_local_kubelet_is_asked()
    {
        // KUBERNETES_SERVICE_HOST without a token file is not in a cluster.
        using var node = Node(Env(("KUBERNETES_SERVICE_HOST", "10.96.0.1")));
        Assert.Equal(KubernetesMode.Kubelet, node.Mode);
        Assert.Equal(["https://127.0.0.1:10250/pods"], node.Urls.Select(u => u.ToString()));
    }

    [Fact]
    public void A_rotated_token_is_read_again_and_an_unchanged_one_is_not()
    {
        var token = new BearerTokenFile(_account.File("token"));
        Assert.Equal("sa-token", token.Current());
        Assert.Equal("sa-token", token.Current());
        Assert.Equal(1, token.Reads);
        _account.Write("token", "rotated-token-2");
        Assert.Equal("rotated-token-2", token.Current());
        Assert.Equal(2, token.Reads);
        File.Delete(_account.File("token"));
        Assert.Throws<FileNotFoundException>(token.Current);
    }

    [Theory]
    [InlineData("kubelet_enabled: false", "kubeapi_host")]
    [InlineData("kubeapi_host: 10.96.0.1", "node_name or node_ip")]
    [InlineData("{kubeapi_host: 10.96.0.1, node_ip: 10.0.0.7, kubeapi_port: 70000}", "kubeapi_port")]
    [InlineData("{kubeapi_host: 10.96.0.1, node_ip: 10.0.0.7, kubeapi_port: https}", "kubeapi_port")]
    [InlineData("cgroup_driver: cgroupsfs", "cgroup_driver")]
    [InlineData("timeout: 0", "timeout")]
    [InlineData("timeout: 61", "timeout")]
    [InlineData("monitored_namespaces: []", "monitored_namespaces")]
    [InlineData("monitored_namespaces: [Default]", "monitored_namespaces")]
    [InlineData("monitored_namespaces: [../x]", "monitored_namespaces")]
    [InlineData("kubelet_endpoint: ftp://x", "kubelet_endpoint")]
    [InlineData("client_token_path: token", "client_token_path")]
    [InlineData("cgroup_prefix: ../x", "cgroup_prefix")]
    [InlineData("node_name: Bad_Name", "node_name")]
    public void Bad_keys_are_configuration_errors_naming_the_key(string keys, string named)
    {
        var yaml = "runner: !MeasurementRunner\n  node: !KubernetesNode " + (keys.StartsWith('{') ? keys : "{" + keys + "}") + "\n";
        var path = _dir.Write("bad.yaml", yaml);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, BuiltInComponents.CreateRegistry(), AgentServices.ForTests(), Env()));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Contains("bad.yaml", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The node block of the original's in-cluster config, verbatim (its storages write to /var/lib/wca and its
    /// MeasurementRunner has anomalies_storage, which are not the node's to accept).
    /// </summary>
    [Fact]
    public void The_original_in_cluster_node_block_loads_unchanged()
    {
        var original = File.ReadAllLines(Path.Combine(KubernetesFixtures.Directory, "original-configs/kubernetes_incluster_measurements.yaml"));
        var start = Array.FindIndex(original, l => l.Contains("node: !KubernetesNode", StringComparison.Ordinal));
        var block = original.Skip(start).TakeWhile((l, i) => i == 0 || l.StartsWith("    ", StringComparison.Ordinal));
        var yaml = "runner: !MeasurementRunner\n" + string.Join("\n", block) + "\n";
        Assert.Contains("kubeapi_port: !Env KUBERNETES_SERVICE_PORT", yaml, StringComparison.Ordinal);
        var config = ConfigurationLoader.Load(_dir.Write("incluster.yaml", yaml), BuiltInComponents.CreateRegistry(), AgentServices.ForTests(),
            Env(("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443"), ("HOST_IP", "10.0.0.7"), ("HOSTNAME", "node1")));
        try
        {
            var runner = Assert.IsType<MeasurementRunner>(config.Runner);
            var node = Assert.IsType<KubernetesNode>(runner.Node);
            Assert.Equal(KubernetesMode.ApiServer, node.Mode);
            Assert.Equal("kubeapi_host is given", node.ModeReason);
            Assert.Equal("https://10.96.0.1/api/v1/namespaces/default/pods", Assert.Single(node.Urls).AbsoluteUri);
        }
        finally
        {
            foreach (var d in config.Components.OfType<IDisposable>().Reverse()) d.Dispose();
        }
    }

    /// <summary>The node blocks of the original's kubelet configs (their AllocationRunner, Kafka and SSL files come with other issues).</summary>
    [Fact]
    public void The_original_kubelet_node_blocks_load_unchanged()
    {
        var yaml = """
            runner: !MeasurementRunner
              interval: 5
              node: !KubernetesNode
                # We support two options: cgroupfs, systemd.
                cgroup_driver: cgroupfs
                kubelet_enabled: true
                kubelet_endpoint: "https://100.64.176.37:10250"
                monitored_namespaces: ["default"]
              metrics_storage: !LogStorage
                output_filename: metrics.prom
                overwrite: true
            """;
        var config = ConfigurationLoader.Load(_dir.Write("k.yaml", yaml), BuiltInComponents.CreateRegistry(), AgentServices.ForTests(), Env());
        try
        {
            var node = Assert.IsType<KubernetesNode>(Assert.IsType<MeasurementRunner>(config.Runner).Node);
            Assert.Equal(KubernetesMode.Kubelet, node.Mode);
            Assert.Equal("kubelet_enabled: true", node.ModeReason);
            Assert.Equal(["https://100.64.176.37:10250/pods"], node.Urls.Select(u => u.ToString()));
            Assert.Equal(TimeSpan.FromSeconds(5), node.Timeout);
        }
        finally
        {
            foreach (var d in config.Components.OfType<IDisposable>().Reverse()) d.Dispose();
        }
    }
}

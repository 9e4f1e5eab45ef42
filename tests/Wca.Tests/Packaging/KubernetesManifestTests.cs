using Wca.Discovery.Kubernetes;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Runners;
using Wca.Storage.Prometheus;
using Wca.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Wca.Tests.Packaging;

/// <summary>
/// packaging/kubernetes, rendered offline by `kubectl kustomize` (no cluster here, so no server-side validation:
/// `kubectl apply --dry-run=client` needs an apiserver for discovery) and read back: what a user would notice. The
/// DaemonSet mounts the host's trees at its WCA_*_ROOT paths, runs as non-root without capabilities, its ConfigMap's
/// config loads with the agent's own loader in apiserver mode, the scrape annotations match the listen port, and the
/// RBAC grants listing pods only.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly Lazy<IReadOnlyList<YamlMappingNode>> Rendered = new(Render);

    private static IReadOnlyList<YamlMappingNode> Render()
    {
        var (exit, output) = ExternalTool.Run("kubectl", "kustomize", PackagingLayout.Kubernetes);
        Assert.True(exit == 0, $"kubectl kustomize: exit {exit}\n{output}");
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToArray();
    }

    private static YamlMappingNode Object(string kind) => Assert.Single(Rendered.Value, d => Scalar(d, "kind") == kind);

    private static string? Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child)) return null;
            node = child;
        }
        return (node as YamlScalarNode)?.Value;
    }

    private static YamlNode Node(YamlNode node, params string[] path)
    {
        foreach (var key in path) node = ((YamlMappingNode)node)[key];
        return node;
    }

    private static IEnumerable<YamlMappingNode> Items(YamlNode node, params string[] path) => ((YamlSequenceNode)Node(node, path)).Cast<YamlMappingNode>();

    private static YamlMappingNode Container => Items(Object("DaemonSet"), "spec", "template", "spec", "containers").Single();

    [Fact]
    public void The_daemonset_mounts_the_hosts_trees_at_the_WCA_ROOT_paths_read_only()
    {
        var pod = Node(Object("DaemonSet"), "spec", "template", "spec");
        var env = Items(Container, "env").Where(e => Scalar(e, "value") is not null).ToDictionary(e => Scalar(e, "name")!, e => Scalar(e, "value")!);
        var mounts = Items(Container, "volumeMounts").ToDictionary(m => Scalar(m, "mountPath")!, m => m);
        var volumes = Items(pod, "volumes").ToDictionary(v => Scalar(v, "name")!, v => v);
        var expected = new Dictionary<string, string>
        {
            ["WCA_PROC_ROOT"] = "/proc", ["WCA_SYS_ROOT"] = "/sys", ["WCA_CGROUP_ROOT"] = "/sys/fs/cgroup", ["WCA_RESCTRL_ROOT"] = "/sys/fs/resctrl",
        };
        foreach (var (variable, hostPath) in expected)
        {
            Assert.True(env.TryGetValue(variable, out var path), $"{variable} is not set");
            Assert.True(mounts.TryGetValue(path!, out var mount), $"{variable}={path} is not a mount path");
            Assert.Equal("true", Scalar(mount!, "readOnly"));
            Assert.Equal(hostPath, Scalar(volumes[Scalar(mount!, "name")!], "hostPath", "path"));
        }
        Assert.Equal("spec.nodeName", Scalar(Items(Container, "env").Single(e => Scalar(e, "name") == "NODE_NAME"), "valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public void The_agent_runs_as_non_root_without_capabilities_or_privileges()
    {
        var security = Node(Container, "securityContext");
        Assert.Equal("true", Scalar(security, "runAsNonRoot"));
        Assert.NotEqual("0", Scalar(security, "runAsUser"));
        Assert.Equal("false", Scalar(security, "allowPrivilegeEscalation"));
        Assert.Null(Scalar(security, "privileged"));
        Assert.Equal(["ALL"], ((YamlSequenceNode)Node(security, "capabilities", "drop")).Select(n => ((YamlScalarNode)n).Value));
        Assert.False(((YamlMappingNode)Node(security, "capabilities")).Children.ContainsKey(new YamlScalarNode("add")));
        Assert.Null(Scalar(Object("DaemonSet"), "spec", "template", "spec", "hostPID"));
        Assert.NotNull(Scalar(Container, "resources", "requests", "memory"));
        Assert.NotNull(Scalar(Container, "resources", "requests", "cpu"));
    }

    [Fact]
    public void The_rbac_lets_the_service_account_list_pods_and_nothing_else()
    {
        var rule = Assert.Single(Items(Object("ClusterRole"), "rules"));
        Assert.Equal(["pods"], ((YamlSequenceNode)rule["resources"]).Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal(["list"], ((YamlSequenceNode)rule["verbs"]).Select(n => ((YamlScalarNode)n).Value));
        var subject = Assert.Single(Items(Object("ClusterRoleBinding"), "subjects"));
        Assert.Equal(Scalar(Object("ServiceAccount"), "metadata", "name"), Scalar(subject, "name"));
        Assert.Equal(Scalar(Object("ServiceAccount"), "metadata", "name"), Scalar(Object("DaemonSet"), "spec", "template", "spec", "serviceAccountName"));
    }

    [Fact]
    public void The_configmaps_config_loads_in_apiserver_mode_and_serves_the_annotated_port()
    {
        var configMap = Object("ConfigMap");
        var volume = Items(Object("DaemonSet"), "spec", "template", "spec", "volumes").Single(v => Scalar(v, "configMap", "name") is not null);
        Assert.Equal(Scalar(configMap, "metadata", "name"), Scalar(volume, "configMap", "name"));
        Assert.Contains(Container.Children[new YamlScalarNode("args")].AllNodes.OfType<YamlScalarNode>(), n => n.Value == "/etc/wca/wca_config.yml");

        using var dir = new TestDirectory();
        var config = dir.Write("wca_config.yml", Scalar(configMap, "data", "wca_config.yml")!);
        var environment = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443", ["NODE_NAME"] = "node-1" };
        var services = new AgentServices(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, HostPaths.Default, new Host.Logging.LogCounters(), TimeProvider.System)
        {
            CheckOnly = true,
        };
        var loaded = ConfigurationLoader.Load(config, BuiltInComponents.CreateRegistry(), services, n => environment.GetValueOrDefault(n));
        try
        {
            var runner = Assert.IsType<MeasurementRunner>(loaded.Runner);
            var node = Assert.IsType<KubernetesNode>(runner.Node);
            Assert.Equal(KubernetesMode.ApiServer, node.Mode);
            var storage = Assert.IsType<PrometheusStorage>(runner.MetricsStorage);
            var port = Scalar(Object("DaemonSet"), "spec", "template", "metadata", "annotations", "prometheus.io/port");
            Assert.EndsWith(":" + port, storage.Listen, StringComparison.Ordinal);
            Assert.Equal(port, Scalar(Items(Container, "ports").Single(), "containerPort"));
            Assert.Equal(storage.Path, Scalar(Object("DaemonSet"), "spec", "template", "metadata", "annotations", "prometheus.io/path"));
        }
        finally
        {
            foreach (var component in loaded.Components) (component as IDisposable)?.Dispose();
        }
    }
}

using Wca.Host;
using Wca.Host.Cli;
using Wca.Host.Configuration;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Compatibility;

/// <summary>
/// Every configuration file of the original's final release (../shared/reference/fixtures/original-configs, as the
/// original shipped them) loads through the real loader and the real components. A tag the agent does not have yet is
/// bound by a stand-in with exactly the original's keys (OriginalComponentStandIns.cs), registered only here; any key a
/// real component does not know fails with the binder's message. The example plugin's tags (!HTTPStorage,
/// !ExampleDetector, !HelloWorldRunner) come from the real example plugin, registered as --register would.
/// </summary>
public sealed class OriginalConfigsTests(OriginalConfigsTests.DeploymentDirectory deployment, TestCertificates certificates)
    : IClassFixture<OriginalConfigsTests.DeploymentDirectory>, IClassFixture<TestCertificates>
{
    /// <summary>
    /// What the original's Kubernetes examples leave for the user to fill in: the client certificate and key on its
    /// author's machine, or '$PATH/...' and 'https://$IP:10250' placeholders. The agent checks at load that the files
    /// exist and the URL is one (the original's SSL checked the files too): a file naming them loads with test
    /// certificates and a loopback URL in their place, and unchanged it fails on exactly them.
    /// </summary>
    private static readonly (string Text, string Kind)[] Placeholders =
    [
        ("/home/ppalucki/wca_remote_pycharm/apiserver-kubelet-client.crt", "cert"),
        ("/home/ppalucki/wca_remote_pycharm/apiserver-kubelet-client.key", "key"),
        ("$PATH/apiserver-kubelet-client.crt", "cert"),
        ("$PATH/apiserver-kubelet-client.key", "key"),
        ("https://$IP:10250", "url"),
    ];

    private readonly TestDirectory _copies = new();

    /// <summary>
    /// /var/lib/wca, where the original's deployments (the systemd unit's WorkingDirectory, the daemonset's volume)
    /// keep the metrics files: the agent rejects an output_filename whose directory does not exist. Made for the
    /// test when missing, and removed again if it is still empty.
    /// </summary>
    public sealed class DeploymentDirectory : IDisposable
    {
        public const string Path = "/var/lib/wca";
        private readonly bool _created = !Directory.Exists(Path);

        public DeploymentDirectory() => Directory.CreateDirectory(Path);

        public void Dispose()
        {
            if (_created && !Directory.EnumerateFileSystemEntries(Path).Any()) Directory.Delete(Path);
        }
    }

    /// <summary>A component of the original the agent does not have yet (or not in the final release's shape).</summary>
    /// <param name="Tag">The YAML tag.</param>
    /// <param name="BroughtBy">The issue that brings it.</param>
    /// <param name="StandIn">The type bound in its place.</param>
    /// <param name="MissingKey">For a built-in that exists in the 2019 shape: the final release's key it lacks.</param>
    private sealed record StoodIn(string Tag, string BroughtBy, Type StandIn, string? MissingKey = null);

    // The tags still stood in. This list must shrink as issues land: when an issue brings a tag as a real built-in
    // (or a built-in gains the listed key), Stood_in_tags_are_not_built_in_yet fails — delete that one line, and the
    // file then loads with the real component (fix any key it does not know). The list ends empty.
    private static readonly StoodIn[] StandIns = [];

    /// <summary>Files of the folder that are not agent configurations.</summary>
    private static readonly Dictionary<string, string> NotConfigurations = new(StringComparer.Ordinal)
    {
        ["extra/static_allocator_config.yaml"] = "the rules file of extra/static_allocator.yaml's StaticAllocator (#11 reads it)",
    };

    /// <summary>What the daemonset and the systemd unit provide (the configs read them with !Env).</summary>
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["HOSTNAME"] = "node-1",
        ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
        ["KUBERNETES_SERVICE_PORT"] = "443",
        ["HOST_IP"] = "192.0.2.10",
    };

    private static string Folder => Path.GetFullPath(Path.Combine(RepoLayout.Root, "..", "shared", "reference", "fixtures", "original-configs"));

    private static ComponentRegistry Registry()
    {
        var registry = BuiltInComponents.CreateRegistry();
        registry.RegisterAssembly(typeof(Example.ExampleDetector).Assembly);
        foreach (var standIn in StandIns) registry.Register(standIn.StandIn, standIn.Tag);
        return registry;
    }

    private static string Relative(string path) => Path.GetRelativePath(Folder, path).Replace('\\', '/');

    private static IEnumerable<string> ConfigFiles() =>
        Directory.EnumerateFiles(Folder, "*.yaml", SearchOption.AllDirectories).Select(Relative)
            .Where(file => !NotConfigurations.ContainsKey(file)).Order(StringComparer.Ordinal);

    public static TheoryData<string> OriginalConfigs() => new(ConfigFiles());

    private static AgentConfiguration LoadUnchanged(string path) =>
        ConfigurationLoader.Load(path, Registry(), AgentServices.ForTests(), name => Environment.GetValueOrDefault(name));

    /// <summary>Loads the file, with the author's certificate paths (only those) pointing at test certificates.</summary>
    private AgentConfiguration Load(string path)
    {
        GC.KeepAlive(deployment);
        var text = File.ReadAllText(path);
        if (!Placeholders.Any(p => text.Contains(p.Text, StringComparison.Ordinal))) return LoadUnchanged(path);
        foreach (var (placeholder, kind) in Placeholders)
            text = text.Replace(placeholder, kind switch { "cert" => certificates.ClientCertPath, "key" => certificates.ClientKeyPath, _ => "https://127.0.0.1:10250" }, StringComparison.Ordinal);
        return LoadUnchanged(_copies.Write(Path.GetFileName(path), text));
    }

    private static IEnumerable<string> FilesWithPlaceholders() => ConfigFiles()
        .Where(file => Placeholders.Any(p => File.ReadAllText(Path.Combine(Folder, file)).Contains(p.Text, StringComparison.Ordinal)));

    [Fact]
    public void Unchanged_a_config_with_placeholders_fails_on_exactly_them()
    {
        var files = FilesWithPlaceholders().ToArray();
        Assert.Equal(["extra/numa_allocator_k8s.yaml", "kubernetes/kubernetes_example_allocator.yaml", "kubernetes/kubernetes_static_allocator.yaml"], files);
        foreach (var file in files)
        {
            var e = Assert.Throws<ConfigurationException>(() => LoadUnchanged(Path.Combine(Folder, file)));
            Assert.Matches(@"\.(ssl\.client_cert_path|ssl\.client_key_path|kubelet_endpoint)$", e.YamlPath);
            Assert.Contains(Placeholders, p => e.Message.Contains($"found '{p.Text}'", StringComparison.Ordinal));
            Assert.DoesNotContain("unknown", e.Message, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> StoodInTags(AgentConfiguration configuration) => configuration.Components
        .Append(configuration.Runner)
        .OfType<IOriginalStandIn>()
        .Select(c => StandIns.Single(s => s.StandIn == c.GetType()).Tag)
        .Distinct();

    [Theory]
    [MemberData(nameof(OriginalConfigs))]
    public void An_original_config_loads_with_no_unknown_key(string file)
    {
        var configuration = Load(Path.Combine(Folder, file));
        Assert.NotNull(configuration.Runner);
        (configuration.Runner as IDisposable)?.Dispose();
    }

    [Fact]
    public void Exactly_the_listed_tags_are_stood_in()
    {
        Assert.True(Directory.Exists(Folder), $"{Folder} is missing: the reference folder belongs beside the repository (../shared)");
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in ConfigFiles()) used.UnionWith(StoodInTags(Load(Path.Combine(Folder, file))));
        var listed = StandIns.Select(s => s.Tag).Order(StringComparer.Ordinal).ToArray();
        Assert.True(listed.SequenceEqual(used), $"stood in: [{string.Join(", ", used)}]; listed: [{string.Join(", ", listed)}]: a listed tag no original config uses is dead, remove it");
        foreach (var file in NotConfigurations.Keys) Assert.True(File.Exists(Path.Combine(Folder, file)), file);
    }

    [Fact]
    public void Stood_in_tags_are_not_built_in_yet()
    {
        var builtIn = BuiltInComponents.CreateRegistry();
        foreach (var standIn in StandIns)
        {
            if (standIn.MissingKey is null)
            {
                Assert.False(builtIn.TryResolve(standIn.Tag, out _),
                    $"!{standIn.Tag} is a built-in now ({standIn.BroughtBy}): remove its line from OriginalConfigsTests.StandIns so the original configs load with the real one");
                continue;
            }
            Assert.True(builtIn.TryResolve(standIn.Tag, out var type), $"!{standIn.Tag} is no built-in any more");
            Assert.False(ComponentModel.For(type).TryGetMember(standIn.MissingKey, out _),
                $"!{standIn.Tag} accepts {standIn.MissingKey} now ({standIn.BroughtBy}): remove its line from OriginalConfigsTests.StandIns");
        }
    }

    [Fact]
    public void The_final_release_kubernetes_monitoring_shape_loads_with_no_unknown_key()
    {
        var path = Path.Combine(RepoLayout.Root, "tests", "Wca.Tests", "Fixtures", "original-shapes", "kubernetes_monitoring_wca_config.yaml");
        var configuration = Load(path);
        var runner = Assert.IsType<MeasurementRunner>(configuration.Runner);
        using (runner)
        {
            Assert.Equal(TimeSpan.FromSeconds(60), runner.Interval);
            var node = Assert.IsType<Wca.Discovery.Kubernetes.KubernetesNode>(runner.Node);
            Assert.Equal(Wca.Discovery.Kubernetes.KubernetesMode.ApiServer, node.Mode);
            Assert.All(node.Urls, url => Assert.Equal(("10.96.0.1", 443), (url.Host, url.Port)));
            Assert.Equal(20, runner.WssResetCycles);
            Assert.Equal(-5, runner.WssStableCycles);
            Assert.Equal(0.01, runner.WssMembwThreshold);
            Assert.Contains("platform_cas_count_reads", runner.UncoreEventNames);
            Assert.Contains("task_offcore_requests_demand_rfo", runner.EventNames);
            Assert.Equal(["application", "application_version_name"], runner.TaskLabelGenerators.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("node-1", runner.ExtraLabels["node"]);
        }
        Assert.Empty(StoodInTags(configuration));
    }

    /// <summary>The original's unit runs <c>wca.pex --config ... --register $EXTRA_COMPONENT --log info</c> (through scl's shell).</summary>
    [Fact]
    public void The_systemd_units_arguments_parse()
    {
        var unit = File.ReadAllText(Path.Combine(Folder, "systemd-unit", "wca.service"));
        var execStart = unit[(unit.IndexOf("wca.pex", StringComparison.Ordinal) + "wca.pex".Length)..unit.IndexOf("'\n", StringComparison.Ordinal)];
        var words = execStart.Replace("\\\n", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["--config", "/etc/wca/wca_config.yml", "--register", "$EXTRA_COMPONENT", "--log", "info"], words);

        string[] Expanded(string? extraComponent) => words.SelectMany(w => w == "$EXTRA_COMPONENT"
            ? (extraComponent is null ? [] : new[] { extraComponent }) // the shell drops an unset unquoted variable
            : [w]).ToArray();

        // Set as the seed's guide says: the original's bundled name is an alias of the example plugin's type.
        var run = Assert.IsType<CommandLineOutcome.Run>(AgentCommandLine.Parse(Expanded("example.external_package:ExampleDetector")));
        Assert.Equal("/etc/wca/wca_config.yml", run.Arguments.ConfigPath);
        Assert.Equal(["example.external_package:ExampleDetector"], run.Arguments.Registrations);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, Assert.Single(run.Arguments.LogLevels).Level);

        // Unset: the message says that the register value is empty, not that --log is unrecognized.
        var error = Assert.IsType<CommandLineOutcome.UsageError>(AgentCommandLine.Parse(Expanded(null)));
        Assert.StartsWith("--register: the register value is empty", error.Errors[0]);
    }
}

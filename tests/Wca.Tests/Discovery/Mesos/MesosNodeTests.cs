using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Discovery.Http;
using Wca.Discovery.Mesos;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Runners;
using Wca.Tests.Discovery.Http;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Mesos;

/// <summary>!MesosNode against a real HTTPS Mesos agent (Kestrel, client certificate required) serving the recorded GET_STATE answers.</summary>
public sealed class MesosNodeTests : IClassFixture<OrchestratorClientTests.Pki>, IDisposable
{
    private const string TaskId = "root-staging14-cassandra--9043-0-9ee9fbf1-b51b-4bb3-9748-6a4327fd7e0e";
    private const string ContainerCgroup = "/mesos/ceab3bec-9282-43aa-b05f-095736cc169e";
    private readonly TestCertificates _certs;
    private readonly TestDirectory _proc = new();
    private readonly OrchestratorServer _agent;
    private readonly RecordingLoggerFactory _logs = new();

    public MesosNodeTests(OrchestratorClientTests.Pki pki)
    {
        _certs = pki.Certificates;
        _agent = OrchestratorServer.StartHttps(_certs, requireClientCertificate: true);
    }

    private static string Fixture(string name) => Path.Combine(RepoLayout.Root, "tests/Wca.Tests/Discovery/Mesos/Fixtures", name);

    private void Serve(string fixture) => _agent.SetPost("/api/v1", OrchestratorRoute.File(Fixture(fixture)));

    private void Executor(int pid, string cgroupFile) => _proc.Write($"{pid}/cgroup", cgroupFile);

    private const string V1CgroupFile =
        "11:perf_event:/mesos/ceab3bec-9282-43aa-b05f-095736cc169e\n10:memory:/mesos/ceab3bec-9282-43aa-b05f-095736cc169e\n" +
        "4:cpu,cpuacct:/mesos/ceab3bec-9282-43aa-b05f-095736cc169e\n1:name=systemd:/system.slice/mesos-agent.service\n";

    private MesosNode Node(string? endpoint = null, double minPollInterval = 0) => new(
        _logs.CreateLogger("mesos"), HostPaths.Default with { Proc = _proc.Path }, endpoint ?? _agent.Url, 5,
        new SslSettings(_certs.CaPath, _certs.ClientCertPath, _certs.ClientKeyPath), minPollInterval: minPollInterval);

    private IEnumerable<string> Warnings => _logs.Lines.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Message);

    [Fact]
    public void The_running_task_of_the_recorded_answer_is_the_exact_task()
    {
        Serve("mesos_get_state.json");
        Executor(32620, V1CgroupFile);
        using var node = Node();

        var task = Assert.Single(node.GetTasks(default));

        Assert.Equal("root/staging14/cassandra--9043", task.Name);
        Assert.Equal(TaskId, task.TaskId);
        Assert.Equal(ContainerCgroup, task.CgroupPath);
        Assert.Empty(task.SubcgroupPaths);
        Assert.Equal(new Dictionary<string, string>
        {
            ["aurora_tier"] = "preemptible",
            ["env_uniq_id"] = "14",
            ["name"] = "cassandra--9043",
            ["workload_uniq_id"] = "9043",
            ["application"] = "cassandra",
            ["load_generator"] = "ycsb",
        }, task.Labels.OrderBy(p => p.Key).ToDictionary());
        // cpus in cores; mem and disk from Mesos MB to bytes; ports (RANGES) dropped.
        Assert.Equal(new Dictionary<string, object> { ["cpus"] = 8.0, ["disk"] = 10240.0 * 1024 * 1024, ["mem"] = 2048.0 * 1024 * 1024 },
            task.Resources.OrderBy(p => p.Key).ToDictionary());
        Assert.Empty(Warnings);

        var request = Assert.Single(_agent.Requests);
        Assert.Equal(("POST", "/api/v1"), (request.Method, request.Path));
        Assert.Equal("{\"type\": \"GET_STATE\"}", request.BodyText);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        Assert.True(request.HadClientCertificate);
    }

    [Fact]
    public void Two_tasks_of_one_executor_cgroup_are_one_task_and_one_warning()
    {
        var state = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Fixture("mesos_get_state.json")))!;
        var launched = state["get_state"]!["get_tasks"]!["launched_tasks"]!.AsArray();
        var second = launched[0]!.DeepClone();
        foreach (var status in second["statuses"]!.AsArray()) status!["task_id"]!["value"] = "second-task";
        launched.Add(second);
        _agent.SetPost("/api/v1", OrchestratorRoute.Json(state.ToJsonString()));
        Executor(32620, V1CgroupFile);
        using var node = Node();

        Assert.Equal(TaskId, Assert.Single(node.GetTasks(default)).TaskId);
        Assert.Single(node.GetTasks(default));
        Assert.Contains("second-task is in cgroup " + ContainerCgroup, Assert.Single(Warnings));
    }

    [Fact]
    public void The_first_poll_says_where_tasks_come_from_and_how_tls_is_set_up()
    {
        Serve("mesos_get_state.json");
        using var node = Node();
        node.GetTasks(default);
        node.GetTasks(default);

        var line = Assert.Single(_logs.Lines, l => l.Message.StartsWith("MesosNode: tasks from", StringComparison.Ordinal)).Message;
        Assert.Contains(_agent.Url + "/api/v1", line);
        Assert.Contains("verified against " + _certs.CaPath, line);
        Assert.Contains("client certificate CN=wca-agent", line);
    }

    [Fact]
    public void Ssl_on_a_plain_http_endpoint_is_warned_about()
    {
        using var plain = OrchestratorServer.StartHttp();
        plain.SetPost("/api/v1", OrchestratorRoute.File(Fixture("empty_statuses_in_mesos_response.json")));
        using var node = Node(plain.Url);

        Assert.Empty(node.GetTasks(default));
        Assert.Contains("is plain http", Assert.Single(Warnings));
    }

    [Fact]
    public void An_unchanged_answer_hands_back_the_same_list()
    {
        Serve("mesos_get_state.json");
        Executor(32620, V1CgroupFile);
        using var node = Node();

        var first = node.GetTasks(default);
        Assert.Same(first, node.GetTasks(default));
    }

    [Theory]
    [InlineData("missing_statuses_in_mesos_response.json")]
    [InlineData("empty_statuses_in_mesos_response.json")]
    public void A_task_without_statuses_is_no_task_and_no_warning(string fixture)
    {
        Serve(fixture);
        Executor(32620, V1CgroupFile);
        using var node = Node();

        Assert.Empty(node.GetTasks(default));
        Assert.Empty(Warnings);
    }

    [Fact]
    public void A_running_task_without_executor_pid_is_skipped_with_one_warning_across_polls()
    {
        Serve("missing_executor_pid_in_mesos_response.json");
        using var node = Node();

        Assert.Empty(node.GetTasks(default));
        Assert.Empty(node.GetTasks(default));

        var warning = Assert.Single(Warnings);
        Assert.Contains("'executor_pid' not found in container status for task", warning);
    }

    [Fact]
    public void An_executor_that_already_exited_skips_its_task_once_and_the_task_comes_when_it_is_there()
    {
        Serve("mesos_get_state.json");
        using var node = Node();

        Assert.Empty(node.GetTasks(default));
        Assert.Empty(node.GetTasks(default));
        Assert.Contains("Cannot find pid/cgroup mesos path for 32620", Assert.Single(Warnings));

        Executor(32620, V1CgroupFile);
        Assert.Equal(ContainerCgroup, Assert.Single(node.GetTasks(default)).CgroupPath);
    }

    [Fact]
    public void A_cgroup_v2_executor_uses_its_unified_path_and_a_cgroup_outside_mesos_is_skipped()
    {
        Serve("mesos_get_state.json");
        Executor(32620, "0::/mesos/abc\n");
        using var node = Node();
        Assert.Equal("/mesos/abc", Assert.Single(node.GetTasks(default)).CgroupPath);

        Executor(32620, "4:cpu,cpuacct:/\n");
        Assert.Empty(node.GetTasks(default));
        Assert.Single(Warnings);
    }

    [Fact]
    public void A_task_whose_last_status_is_not_running_is_skipped()
    {
        var json = File.ReadAllText(Fixture("mesos_get_state.json"));
        var lastRunning = json.LastIndexOf("\"TASK_RUNNING\"", StringComparison.Ordinal);
        Assert.True(lastRunning > 0);
        // The statuses come before the task-level state: replace the last status's state only.
        var statusesEnd = json.IndexOf("\"statuses\"", StringComparison.Ordinal);
        var killed = json[..statusesEnd] + json[statusesEnd..].Replace("\"state\": \"TASK_RUNNING\"", "\"state\": \"TASK_KILLING\"", StringComparison.Ordinal);
        Assert.NotEqual(json, killed);
        _agent.SetPost("/api/v1", OrchestratorRoute.Json(killed));
        Executor(32620, V1CgroupFile);
        using var node = Node();

        Assert.Empty(node.GetTasks(default));
    }

    [Theory]
    [InlineData("{\"type\": \"GET_STATE\"}")]
    [InlineData("[]")]
    [InlineData("{\"get_state\": {\"get_tasks\": ")]
    public void An_answer_that_is_not_get_state_is_a_malformed_answer(string json)
    {
        _agent.SetPost("/api/v1", OrchestratorRoute.Json(json));
        using var node = Node();

        var e = Assert.Throws<DiscoveryException>(() => node.GetTasks(default));

        Assert.Equal(DiscoveryFailureKind.MalformedAnswer, e.Kind);
        Assert.Contains(_agent.Url + "/api/v1", e.Message);
    }

    [Fact]
    public void No_launched_tasks_is_no_tasks()
    {
        _agent.SetPost("/api/v1", OrchestratorRoute.Json("{\"type\": \"GET_STATE\", \"get_state\": {\"get_tasks\": {}}}"));
        using var node = Node();
        Assert.Empty(node.GetTasks(default));
    }

    [Fact]
    public void Any_path_of_the_endpoint_is_replaced_by_the_operator_api()
    {
        using var node = Node(_agent.Url + "/foo/bar");
        Assert.Equal(_agent.Url + "/api/v1", node.OperatorApi.ToString());
    }

    private static MeasurementRunner LoadRunner(string nodeYaml, TestDirectory dir)
    {
        var yaml = "runner: !MeasurementRunner\n  node: !MesosNode\n" + nodeYaml;
        return Assert.IsType<MeasurementRunner>(ConfigurationLoader.Load(dir.Write("wca.yaml", yaml), BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner);
    }

    [Theory]
    [InlineData("mesos_example_allocator.yaml")]
    [InlineData("mesos_external_detector.yaml")]
    public void The_originals_mesos_node_blocks_load_unchanged(string file)
    {
        // The runners around them (AllocationRunner, Kafka) arrive with other issues: the node block is taken as written.
        var lines = File.ReadAllLines(Fixture(file));
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("node: !MesosNode", StringComparison.Ordinal));
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        var block = lines.Skip(start + 1).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length > indent).Where(l => l.Trim().Length > 0)
            .Select(l => "    " + l[(indent + 2)..]);
        using var dir = new TestDirectory();

        var node = Assert.IsType<MesosNode>(LoadRunner(string.Join('\n', block) + "\n", dir).Node);

        Assert.Equal("http://127.0.0.1:5051", node.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(5), node.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(5), node.TaskStaleness);
        if (file == "mesos_external_detector.yaml") Assert.True(node.Ssl!.VerifiesServer);
        node.Dispose();
    }

    [Fact]
    public void Defaults_are_the_originals()
    {
        using var dir = new TestDirectory();
        var node = Assert.IsType<MesosNode>(LoadRunner("    {}\n", dir).Node);
        Assert.Equal(("https://127.0.0.1:5051", 5.0, 0.0), (node.Endpoint, node.Timeout.TotalSeconds, node.MinPollInterval.TotalSeconds));
        Assert.Null(node.Ssl);
        node.Dispose();
    }

    [Theory]
    [InlineData("    timeout: 61\n", "runner.node.timeout")]
    [InlineData("    mesos_agent_endpoint: ftp://h\n", "runner.node.mesos_agent_endpoint")]
    [InlineData("    task_staleness: 0\n", "runner.node.task_staleness")]
    public void A_bad_key_is_an_error_naming_it(string keys, string path)
    {
        using var dir = new TestDirectory();
        var e = Assert.Throws<ConfigurationException>(() => LoadRunner(keys, dir));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Ssl_problems_are_start_up_errors_naming_the_key()
    {
        using var dir = new TestDirectory();
        var encrypted = Assert.Throws<ConfigurationException>(() => LoadRunner(
            $"    ssl: !SSL\n      client_cert_path: {_certs.ClientCertPath}\n      client_key_path: {_certs.ClientEncryptedKeyPath}\n", dir));
        Assert.Contains("runner.node.ssl.client_key_path", encrypted.Message);
        Assert.Contains("encrypted", encrypted.Message);
        var mismatch = Assert.Throws<ConfigurationException>(() => LoadRunner(
            $"    ssl: !SSL\n      client_cert_path: {_certs.ClientCertPath}\n      client_key_path: {_certs.StrayKeyPath}\n", dir));
        Assert.Contains("does not belong to the certificate", mismatch.Message);
        var keyOnly = Assert.Throws<ConfigurationException>(() => LoadRunner($"    ssl: !SSL\n      client_key_path: {_certs.ClientKeyPath}\n", dir));
        Assert.Contains("without client_cert_path", keyOnly.Message);
        var relative = Assert.Throws<ConfigurationException>(() => LoadRunner("    ssl: !SSL\n      server_verify: ca.pem\n", dir));
        Assert.Contains("runner.node.ssl.server_verify", relative.Message);
        var ok = Assert.IsType<MesosNode>(LoadRunner($"    ssl: !SSL\n      server_verify: {_certs.CaPath}\n      client_cert_path: {_certs.ClientCombinedPath}\n", dir).Node);
        Assert.False(ok.Ssl!.ServerVerify.IsFirst);
        ok.Dispose();
    }

    public void Dispose()
    {
        _agent.Dispose();
        _proc.Dispose();
    }
}

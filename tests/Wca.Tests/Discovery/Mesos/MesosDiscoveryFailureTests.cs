using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Wca.Discovery.Http;
using Wca.Discovery.Mesos;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.Discovery.Http;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Mesos;

/// <summary>
/// A real MeasurementRunner on a !MesosNode whose agent (Kestrel over HTTPS) fails in every way: the last tasks stay
/// measured, each failure kind is counted and logged once, after task_staleness there are no tasks (said once), the
/// agent recovers, and the orchestrator is never asked more often than min_poll_interval. The task is a real cgroup
/// with a real process: its executor pid, read from the real /proc.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MesosDiscoveryFailureTests : IClassFixture<OrchestratorClientTests.Pki>, IDisposable
{
    private readonly TestCertificates _certs;
    private readonly OrchestratorServer _agent;
    private readonly TestCgroup _cgroup = TestCgroup.Create("mesos");
    private readonly TestDirectory _dir = new();
    private readonly RecordingLoggerFactory _logs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _answer;

    public MesosDiscoveryFailureTests(OrchestratorClientTests.Pki pki)
    {
        _certs = pki.Certificates;
        _agent = OrchestratorServer.StartHttps(_certs);
        var pid = _cgroup.StartSleeper().Id;
        var fixture = File.ReadAllText(Path.Combine(RepoLayout.Root, "tests/Wca.Tests/Discovery/Mesos/Fixtures/mesos_get_state.json"));
        _answer = fixture.Replace("\"executor_pid\": 32620", $"\"executor_pid\": {pid}", StringComparison.Ordinal);
        Assert.NotEqual(fixture, _answer);
        Healthy();
    }

    private string Output => _dir.File("metrics.prom");

    private void Healthy() => _agent.SetPost("/api/v1", OrchestratorRoute.Json(_answer));

    private MeasurementRunner Runner(double minPollInterval = 0, double timeout = 5)
    {
        var services = new AgentServices(_logs, HostPaths.Default, new LogCounters(), _time);
        var node = new MesosNode(_logs.CreateLogger("mesos"), HostPaths.Default, _agent.Url, timeout, new SslSettings(_certs.CaPath), minPollInterval: minPollInterval);
        var runner = new MeasurementRunner(services) { Node = node, MetricsStorage = new LogStorage(Output, overwrite: true) };
        Assert.Equal(0, runner.Initialize());
        return runner;
    }

    private IReadOnlyList<PrometheusSample> Iterate(MeasurementRunner runner, double advanceSeconds = 10)
    {
        _time.Advance(TimeSpan.FromSeconds(advanceSeconds));
        runner.RunIteration(0);
        var text = File.ReadAllText(Output);
        Promtool.AssertParses(text);
        return PrometheusSamples.Parse(text);
    }

    private static bool Measures(IReadOnlyList<PrometheusSample> samples) =>
        samples.Any(s => s.Name == "task_up" && s["task_id"] == "root-staging14-cassandra--9043-0-9ee9fbf1-b51b-4bb3-9748-6a4327fd7e0e"
            && s["application"] == "cassandra");

    private static double Failures(IReadOnlyList<PrometheusSample> samples, string stage, string component) =>
        samples.Single(s => s.Name == "wca_failure_count" && s["stage"] == stage && s["component"] == component).Value;

    private int Lines(string text) => _logs.Lines.Count(l => l.Message.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void Failures_keep_the_last_tasks_are_counted_by_kind_and_logged_once_then_staleness_drops_them_and_recovery_brings_them_back()
    {
        using var runner = Runner(timeout: 3); // long enough for a first TLS handshake on a loaded machine
        var first = Iterate(runner);
        Assert.True(Measures(first));
        // Every kind's series is there from the first package, at 0.
        Assert.All(DiscoveryFailureKinds.All, k => Assert.Equal(0, Failures(first, "discovery", DiscoveryFailureKinds.LabelOf(k))));

        _agent.SetPost("/api/v1", OrchestratorRoute.StatusOnly(500, "agent overloaded"));
        Assert.True(Measures(Iterate(runner)));
        var again = Iterate(runner);
        Assert.True(Measures(again));
        Assert.Equal(2, Failures(again, "discovery", "http_status"));
        Assert.Equal(2, Failures(again, "node", "MesosNode"));
        Assert.Equal(1, Lines("answered HTTP 500"));

        _agent.SetPost("/api/v1", OrchestratorRoute.Faulty(OrchestratorFault.Garbage));
        Assert.True(Measures(Iterate(runner)));
        _agent.SetPost("/api/v1", new OrchestratorRoute { Fault = OrchestratorFault.DropMidBody, Body = new byte[100_000] });
        Assert.True(Measures(Iterate(runner)));
        _agent.SetPost("/api/v1", OrchestratorRoute.Faulty(OrchestratorFault.Stall));
        Assert.True(Measures(Iterate(runner)));
        _agent.SetPost("/api/v1", OrchestratorRoute.StatusOnly(401, "Unauthorized"));
        var many = Iterate(runner);
        Assert.True(Measures(many));
        Assert.Equal((1, 1, 1, 1), (Failures(many, "discovery", "malformed_answer"), Failures(many, "discovery", "interrupted"),
            Failures(many, "discovery", "timeout"), Failures(many, "discovery", "unauthorized")));
        Assert.Equal(6, Failures(many, "node", "MesosNode"));
        Assert.Equal(1, Lines("is not valid JSON"));
        Assert.Equal(1, Lines("refused the agent's credentials"));

        // Seconds 20..70 failed so far: past 300 s since the last answer the tasks are no longer measured.
        var stale = Iterate(runner, 300);
        Assert.False(Measures(stale));
        Assert.Equal(0, stale.Single(s => s.Name == "wca_tasks").Value);
        Assert.False(Measures(Iterate(runner)));
        Assert.Equal(1, Lines("longer than task_staleness (300 s)"));

        Healthy();
        Assert.True(Measures(Iterate(runner)));
        Assert.Equal(1, Lines("MesosNode lists tasks again"));
    }

    [Fact]
    public void The_agent_is_refused_then_back_and_the_tasks_never_stop_being_measured_meanwhile()
    {
        using var runner = Runner();
        Assert.True(Measures(Iterate(runner)));
        _agent.Stop();
        var refused = Iterate(runner);
        Assert.True(Measures(refused));
        Assert.Equal(1, Failures(refused, "discovery", "connection_refused"));
        _agent.Restart();
        Healthy();
        Assert.True(Measures(Iterate(runner)));
        Assert.Equal(1, _logs.Lines.Count(l => l.Level == LogLevel.Error && l.Message.Contains("connection refused", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_orchestrator_is_asked_once_per_iteration_and_not_more_often_than_min_poll_interval()
    {
        using var runner = Runner(minPollInterval: 30);
        for (var i = 0; i < 7; i++) Assert.True(Measures(Iterate(runner, 10)));
        // Polls at 10 s, 40 s and 70 s of the 7 iterations 10 s apart.
        Assert.Equal(3, _agent.CountRequests("/api/v1"));

        using var every = Runner();
        _agent.ClearRequests();
        for (var i = 0; i < 3; i++) Iterate(every, 1);
        Assert.Equal(3, _agent.CountRequests("/api/v1"));
    }

    public void Dispose()
    {
        _agent.Dispose();
        _cgroup.Dispose();
        _dir.Dispose();
    }
}

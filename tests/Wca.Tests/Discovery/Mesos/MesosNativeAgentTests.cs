using System.Diagnostics;
using System.Runtime.InteropServices;
using Wca.Tests.Cli;
using Wca.Tests.Discovery.Http;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Mesos;

/// <summary>
/// The whole agent (the Native AOT executable: trimmed, so any reflection or TLS piece missing would show here) on a
/// fake Mesos agent over HTTPS that requires a client certificate: the task's metrics come out with its labels, the
/// agent survives the Mesos agent going away, and a poll hanging on a stalled Mesos agent does not delay SIGTERM.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MesosNativeAgentTests : IClassFixture<OrchestratorClientTests.Pki>
{
    private const string TaskId = "root-staging14-cassandra--9043-0-9ee9fbf1-b51b-4bb3-9748-6a4327fd7e0e";
    private readonly TestCertificates _certs;

    public MesosNativeAgentTests(OrchestratorClientTests.Pki pki) => _certs = pki.Certificates;

    [Fact]
    public void The_native_agent_measures_mesos_tasks_over_mutual_tls_survives_the_agent_leaving_and_stops_promptly_mid_poll()
    {
        using var dir = new TestDirectory();
        using var cgroup = TestCgroup.Create("aot-mesos");
        using var mesos = OrchestratorServer.StartHttps(_certs, requireClientCertificate: true);
        var pid = cgroup.StartSleeper().Id;
        var answer = File.ReadAllText(Path.Combine(RepoLayout.Root, "tests/Wca.Tests/Discovery/Mesos/Fixtures/mesos_get_state.json"))
            .Replace("\"executor_pid\": 32620", $"\"executor_pid\": {pid}", StringComparison.Ordinal);
        mesos.SetPost("/api/v1", OrchestratorRoute.Json(answer));
        var output = dir.File("metrics.prom");
        var config = dir.Write("mesos.yaml", $"""
            runner: !MeasurementRunner
              node: !MesosNode
                mesos_agent_endpoint: {mesos.Url}
                timeout: 30
                ssl: !SSL
                  server_verify: {_certs.CaPath}
                  client_cert_path: {_certs.ClientCertPath}
                  client_key_path: {_certs.ClientKeyPath}
              metrics_storage: !LogStorage {"{"}output_filename: {output}, overwrite: true{"}"}
              interval: 0.2
            """);

        using var agent = WcaProcess.Start(["-c", config, "--root"], executable: NativeAotBuild.Executable);
        var samples = WaitFor(output, agent, s => s.Any(x => x.Name == "task_cpu_usage_seconds" && x["task_id"] == TaskId));
        var cpu = samples.Single(s => s.Name == "task_cpu_usage_seconds" && s["task_id"] == TaskId);
        Assert.Equal(("cassandra", "preemptible", "root/staging14/cassandra--9043"), (cpu["application"], cpu["aurora_tier"], cpu["task_name"]));
        Assert.Equal(2048.0 * 1024 * 1024, samples.Single(s => s.Name == "task_requested_mem_bytes").Value);

        // The Mesos agent goes away: the task is still measured, the refusal counted.
        mesos.Stop();
        WaitFor(output, agent, s => s.Any(x => x.Name == "wca_failure_count" && x["component"] == "connection_refused" && x.Value >= 2)
            && s.Any(x => x.Name == "task_up" && x["task_id"] == TaskId));
        Assert.Single(agent.Stdout.Split('\n'), l => l.Contains("connection refused", StringComparison.Ordinal));

        // Back, but hanging: SIGTERM ends the agent long before the 30 s poll timeout.
        mesos.Restart();
        mesos.SetPost("/api/v1", OrchestratorRoute.Faulty(OrchestratorFault.Stall));
        Assert.True(SpinWait.SpinUntil(() => mesos.Requests.Count(r => r.Path == "/api/v1") > 1 && mesos.Requests[^1].Path == "/api/v1", TimeSpan.FromSeconds(30)));
        Thread.Sleep(500);
        var stopping = Stopwatch.StartNew();
        agent.Signal(PosixSignal.SIGTERM);
        var (exitCode, stdout, _) = agent.WaitForExit();
        Assert.Equal(0, exitCode);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}:\n{stdout}");
    }

    private static IReadOnlyList<PrometheusSample> WaitFor(string file, WcaProcess wca, Func<IReadOnlyList<PrometheusSample>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(file))
            {
                var text = File.ReadAllText(file);
                var samples = PrometheusSamples.Parse(text);
                if (done(samples))
                {
                    Promtool.AssertParses(text);
                    return samples;
                }
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"{file} never had what the test waits for. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
    }
}

using System.Runtime.InteropServices;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Cli;

/// <summary>
/// The Native AOT executable (`make dist`'s dist/wca) is trimmed: a constructor or attribute the configuration
/// binder reflects on could be missing there and nowhere else. These tests run that executable itself.
/// </summary>
public sealed class NativeAotTests
{
    private static string Wca => NativeAotBuild.Executable;

    [Fact]
    public void Every_built_in_component_and_collection_key_binds_and_measures_real_cgroups()
    {
        using var dir = new TestDirectory();
        using var staticTask = TestCgroup.Create("aot-static");
        using var globbed = TestCgroup.Create("aot-glob");
        staticTask.StartSleeper();
        globbed.StartSleeper();
        var staticOut = dir.File("static.prom");
        var globOut = dir.File("glob.prom");
        var staticConfig = dir.Write("static.yaml", $"""
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: [{staticTask.RelativePath}]
                require_pids: true
                default_labels: {"{"}team: storage{"}"}
                default_resources: {"{"}cpus: 2, mem: 1000{"}"}
                tasks_labels: {"{"}{staticTask.RelativePath}: {"{"}app: db{"}"}{"}"}
              metrics_storage: !LogStorage {"{"}output_filename: {staticOut}, overwrite: true{"}"}
              interval: 0.2
              extra_labels: {"{"}env: prod{"}"}
              task_metrics: [task_cpu_usage_seconds, task_requested_cpus]
            """);
        var globConfig = dir.Write("glob.yaml", $"""
            runner: !MeasurementRunner
              node: !CgroupNode
                patterns: ["wca-test-*-aot-glob"]
                exclude: ["wca-test-*-aot-static"]
                max_depth: 2
                require_pids: true
                default_labels: {"{"}tier: web{"}"}
              metrics_storage: !LogStorage
                output_filename: {globOut}
                overwrite: true
              action_delay: 0.2
            """);

        using var byList = WcaProcess.Start(["-c", staticConfig, "--root"], executable: Wca);
        using var byGlob = WcaProcess.Start(["-c", globConfig, "--root"], executable: Wca);
        var staticSamples = WaitForTaskSamples(staticOut, staticTask.RelativePath, byList);
        var globSamples = WaitForTaskSamples(globOut, globbed.RelativePath, byGlob);
        byList.Signal(PosixSignal.SIGTERM);
        byGlob.Signal(PosixSignal.SIGTERM);
        Assert.Equal(0, byList.WaitForExit().ExitCode);
        Assert.Equal(0, byGlob.WaitForExit().ExitCode);

        var cpu = Assert.Single(staticSamples, s => s.Name == "task_cpu_usage_seconds");
        Assert.Equal(("db", "storage", "prod"), (cpu["app"], cpu["team"], cpu["env"]));
        Assert.Equal(2, Assert.Single(staticSamples, s => s.Name == "task_requested_cpus").Value);
        Assert.DoesNotContain(staticSamples, s => s.Name == "task_mem_usage_bytes");
        Assert.Contains(globSamples, s => s.Name == "task_mem_usage_bytes" && s["tier"] == "web");
        Assert.DoesNotContain(PrometheusSamples.Parse(File.ReadAllText(globOut)), s => s["task_id"] == staticTask.RelativePath);
    }

    [Fact]
    public void A_detection_runner_with_the_built_in_detector_stores_anomalies_and_metrics()
    {
        using var dir = new TestDirectory();
        using var task = TestCgroup.Create("aot-detect");
        task.StartSleeper();
        var metrics = dir.File("metrics.prom");
        var anomalies = dir.File("anomalies.prom");
        var config = dir.Write("detect.yaml", $"""
            runner: !DetectionRunner
              node: !StaticNode
                tasks: [{task.RelativePath}]
              detector: !NOPAnomalyDetector
              metrics_storage: !LogStorage {"{"}output_filename: {metrics}, overwrite: true{"}"}
              anomalies_storage: !LogStorage {"{"}output_filename: {anomalies}, overwrite: true{"}"}
              action_delay: 0.2
              extra_labels: {"{"}env: prod{"}"}
            """);

        using var agent = WcaProcess.Start(["-c", config, "--root"], executable: Wca);
        var samples = WaitForTaskSamples(metrics, task.RelativePath, agent);
        agent.Signal(PosixSignal.SIGTERM);
        Assert.Equal(0, agent.WaitForExit().ExitCode);

        Assert.Contains(samples, s => s.Name == "task_cpu_usage_seconds" && s["env"] == "prod");
        Assert.Contains(PrometheusSamples.Parse(File.ReadAllText(metrics)), s => s.Name == "wca_duration_seconds" && s["function"] == "detect");
        var text = File.ReadAllText(anomalies);
        Promtool.AssertParses(text);
        var count = Assert.Single(PrometheusSamples.Parse(text), s => s.Name == "anomaly_count");
        Assert.Equal((0.0, "prod"), (count.Value, count["env"]));
    }

    [Fact]
    public void A_broken_config_stops_it_with_the_file_line_and_key()
    {
        using var dir = new TestDirectory();
        var config = dir.Write("broken.yaml", """
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: 5
              interval: 99
            """);
        var (exit, _, stderr) = WcaProcess.Run(["-c", config, "--root"], executable: Wca);
        Assert.Equal(1, exit);
        Assert.Contains($"{config}, line 3, column 12, at 'runner.node.tasks': expected a list", stderr);
        Assert.Contains("at 'runner.interval': Maximum value is 60. Got 99.", stderr);
    }

    [Fact]
    public void Register_continues_in_the_jit_build_next_to_it_with_the_same_arguments()
    {
        using var dir = new TestDirectory();
        // Stands in for dist/wca-jit: the JIT agent of this test run.
        dir.Write("wca-jit", $"#!/bin/sh\nexec dotnet '{RepoLayout.WcaDll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir.File("wca-jit"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (exit, stdout, stderr) = RunHelloWorldPluginFrom(dir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Hello world!", stdout);
    }

    [Fact]
    public void Register_without_the_jit_build_is_a_start_up_error_that_names_it()
    {
        using var dir = new TestDirectory();

        var (exit, stdout, stderr) = RunHelloWorldPluginFrom(dir);

        Assert.Equal(1, exit);
        Assert.Contains($"'{dir.File("wca-jit")}' was not found", stderr);
        Assert.DoesNotContain("Hello world!", stdout);
    }

    /// <summary>Copies the AOT wca into <paramref name="dir"/> and runs it with the hello-world plugin.</summary>
    private static (int ExitCode, string Stdout, string Stderr) RunHelloWorldPluginFrom(TestDirectory dir)
    {
        var wca = dir.File("wca");
        File.Copy(Wca, wca);
        return WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", $"{RepoLayout.ExamplesDll}:Example.HelloWorldRunner", "--root"], executable: wca);
    }

    /// <summary>Waits (up to a minute) until the agent's file holds samples of <paramref name="taskId"/>; promtool checks it.</summary>
    private static IReadOnlyList<PrometheusSample> WaitForTaskSamples(string file, string taskId, WcaProcess wca)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(file))
            {
                var text = File.ReadAllText(file);
                var samples = PrometheusSamples.Parse(text).Where(s => s["task_id"] == taskId).ToArray();
                if (samples.Length > 0)
                {
                    Promtool.AssertParses(text);
                    return samples;
                }
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"no samples of {taskId} in {file}. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
    }
}

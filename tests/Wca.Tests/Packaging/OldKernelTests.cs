using System.Runtime.InteropServices;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Packaging;

/// <summary>
/// The seed's hosts (CentOS 7.5, kernel 3.10) have cgroup v1 only and no PSI. The statically linked build that would
/// run there cannot be made here (no linux-musl ILCompiler package), so dist/wca needs the glibc its symbols name
/// (README); what is tested is the agent on such a kernel's trees: a cgroup v1 fixture root (WCA_CGROUP_ROOT) and a
/// /proc without pressure/ (WCA_PROC_ROOT). It measures, stores packages without any PSI series, and stops with exit 0.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OldKernelTests
{
    [Fact]
    public void On_cgroup_v1_without_PSI_the_agent_measures_without_pressure_metrics_and_stops_cleanly()
    {
        using var cgroups = CgroupFixtureTree.V1();
        cgroups.CreateCgroup("cpuacct", "task1", Environment.ProcessId);
        cgroups.CreateCgroup("cpu", "task1", Environment.ProcessId);
        cgroups.CreateCgroup("memory", "task1", Environment.ProcessId);
        cgroups.Write("cpuacct", "task1", "cpuacct.usage", "2500000000\n");
        cgroups.Write("memory", "task1", "memory.usage_in_bytes", "1048576\n");
        using var dir = new TestDirectory();
        var proc = dir.File("proc");
        foreach (var file in new[] { "stat", "meminfo", "cpuinfo", "vmstat", "zoneinfo", "swaps", "sys/kernel/perf_event_paranoid" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(proc, file))!);
            File.WriteAllText(Path.Combine(proc, file), File.ReadAllText("/proc/" + file));
        }
        Assert.False(Directory.Exists(Path.Combine(proc, "pressure")));
        var config = dir.Write("config.yaml", "runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: [task1]\n  interval: 0.2\n");

        using var wca = WcaProcess.Start(["-c", config, "--root"], environment: new Dictionary<string, string>
        {
            ["WCA_CGROUP_ROOT"] = cgroups.Root, ["WCA_PROC_ROOT"] = proc,
        });
        Assert.True(wca.WaitForStderr("wca_iterations{") && wca.WaitForStderr("task_cpu_usage_seconds{"), $"stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (PrometheusSamples.Packages(Metrics(wca.Stderr)).Count < 3 && DateTime.UtcNow < deadline) Thread.Sleep(100);
        wca.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, stderr) = wca.WaitForExit();

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var packages = PrometheusSamples.Packages(Metrics(stderr));
        Assert.True(packages.Count >= 3, $"{packages.Count} packages\n{stdout}");
        var samples = packages.SelectMany(p => p).ToArray();
        Assert.Contains(samples, s => s.Name == "task_cpu_usage_seconds" && s["task_id"] == "task1" && s.Value == 2.5);
        Assert.Contains(samples, s => s.Name == "task_mem_usage_bytes" && s["task_id"] == "task1" && s.Value == 1048576);
        Assert.DoesNotContain(samples, s => s.Name.Contains("pressure", StringComparison.Ordinal));
        Assert.DoesNotContain("CRITICAL", stdout, StringComparison.Ordinal);
    }

    private static string Metrics(string stderr) => string.Join('\n', stderr.Split('\n').Where(l => !l.StartsWith("wca:", StringComparison.Ordinal)));
}

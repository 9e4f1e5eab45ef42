using System.Globalization;
using System.Runtime.InteropServices;
using Wca.Host.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Cli;

/// <summary>
/// The built wca started as user nobody (setpriv), with and without capabilities: it is asked only for what its
/// configuration needs. Agent, plugin and configs are copied to a world-readable temporary directory: the checkout may
/// sit under a directory nobody cannot enter.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NonRootStartTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly string _wcaDll;
    private readonly string[] _helloArgs;

    public NonRootStartTests()
    {
        var agent = Path.Combine(_dir.Path, "agent");
        CopyDirectory(Path.GetDirectoryName(RepoLayout.WcaDll)!, agent);
        _wcaDll = Path.Combine(agent, "wca.dll");
        var plugin = Path.Combine(_dir.Path, "Wca.Examples.dll");
        File.Copy(RepoLayout.ExamplesDll, plugin);
        var config = Path.Combine(_dir.Path, "hello_world.yaml");
        File.Copy(RepoLayout.HelloWorldConfig, config);
        _helloArgs = ["-c", config, "-r", $"{plugin}:Example.HelloWorldRunner"];
        Directory.CreateDirectory(Path.Combine(_dir.Path, "proc/sys/kernel"));
        foreach (var entry in Directory.EnumerateFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Append(_dir.Path))
            File.SetUnixFileMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
    }

    public void Dispose() => _dir.Dispose();

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.EnumerateDirectories(from)) CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
    }

    private static readonly string[] Nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

    private static string[] NobodyWith(string capabilities) => [.. Nobody, "--inh-caps", capabilities, "--ambient-caps", capabilities];

    private static int HostParanoid => int.Parse(File.ReadAllText("/proc/sys/kernel/perf_event_paranoid").Trim(), CultureInfo.InvariantCulture);

    /// <summary>A world-readable config measuring the task <paramref name="taskId"/> every 0.2 s, metrics on stderr.</summary>
    private string MeasurementConfig(string name, string taskId, string extraFields = "")
    {
        var path = _dir.Write(name, $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: [{taskId}]\n  interval: 0.2\n{extraFields}");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return path;
    }

    /// <summary>A /proc stand-in (WCA_PROC_ROOT) with the given perf_event_paranoid, readable by nobody.</summary>
    private Dictionary<string, string> FixtureProc(int paranoid)
    {
        var file = Path.Combine(_dir.Path, "proc/sys/kernel/perf_event_paranoid");
        File.WriteAllText(file, paranoid + "\n");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        return new Dictionary<string, string> { ["WCA_PROC_ROOT"] = Path.Combine(_dir.Path, "proc") };
    }

    /// <summary>perf_event_paranoid above 0 as the agent sees it: the host's when it is, else a fixture saying 2.</summary>
    private (int Paranoid, Dictionary<string, string>? Environment) ParanoidAbove0() =>
        HostParanoid > 0 ? (HostParanoid, null) : (2, FixtureProc(2));

    private static string StatusField(int pid, string name) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    /// <summary>Runs the measurement config until a sample of the task is stored; checks the agent ran as nobody with <paramref name="capEff"/>.</summary>
    private void AssertMeasuresAsNobody(string config, TestCgroup task, string[] launcher, ulong capEff)
    {
        using var wca = WcaProcess.Start(["-c", config], workingDirectory: _dir.Path, launcher: launcher, wcaDll: _wcaDll);
        Assert.True(wca.WaitForStderr($"task_id=\"{task.RelativePath}\""), $"no sample of the task. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
        Assert.Equal("65534", StatusField(wca.Pid, "Uid").Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.Equal(capEff, ulong.Parse(StatusField(wca.Pid, "CapEff"), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        wca.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, stderr) = wca.WaitForExit();
        Assert.True(exit == 0, $"exit {exit}. stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.DoesNotContain("Insufficient privileges", stdout + stderr);
        var samples = PrometheusSamples.Parse(string.Join('\n', stderr.Split('\n').Where(l => !l.StartsWith("wca:", StringComparison.Ordinal))));
        Assert.Contains(samples, s => s.Name == "task_cpu_usage_seconds" && s["task_id"] == task.RelativePath);
        Assert.Contains(samples, s => s.Name == "task_mem_usage_bytes" && s["task_id"] == task.RelativePath && s.Value > 0);
    }

    [Fact]
    public void A_measurement_only_config_measures_as_nobody_without_any_capability()
    {
        using var task = TestCgroup.Create("nonroot");
        task.StartSleeper();
        AssertMeasuresAsNobody(MeasurementConfig("measure.yaml", task.RelativePath), task, Nobody, capEff: 0);
    }

    [Fact]
    public void A_plugin_runner_that_declares_no_needs_runs_as_nobody_without_capabilities_whatever_perf_event_paranoid_says()
    {
        var (exit, stdout, stderr) = WcaProcess.Run(_helloArgs, workingDirectory: _dir.Path, environment: FixtureProc(3), launcher: Nobody, wcaDll: _wcaDll);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Hello world!", stdout);
    }

    [Fact]
    public void Event_names_as_nobody_with_perf_event_paranoid_above_0_exit_1_naming_event_names_and_the_sysctl()
    {
        var (paranoid, environment) = ParanoidAbove0();
        var config = MeasurementConfig("perf.yaml", "task1", "  event_names: [instructions, cycles]\n");
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", config], workingDirectory: _dir.Path, environment: environment, launcher: Nobody, wcaDll: _wcaDll);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains($"wca: error: Insufficient privileges for uid 65534: perf events (event_names: instructions, cycles) need "
            + $"kernel.perf_event_paranoid <= 0 (now {paranoid}) or CAP_PERFMON: run `sysctl -w kernel.perf_event_paranoid=0` or `setcap cap_perfmon+ep ", stderr);
        Assert.Contains("Alternatively run as root with --root.", stderr);
        Assert.DoesNotContain("CAP_DAC_OVERRIDE", stderr);
        Assert.DoesNotContain("task_", stderr + stdout);
    }

    [Fact]
    public void Event_names_as_nobody_with_CAP_PERFMON_pass_the_check_and_measure()
    {
        using var task = TestCgroup.Create("nonroot-perfmon");
        task.StartSleeper();
        var config = MeasurementConfig("perfmon.yaml", task.RelativePath, "  event_names: [instructions]\n  enable_derived_metrics: true\n");
        AssertMeasuresAsNobody(config, task, NobodyWith("+perfmon"), capEff: 1UL << 38);
    }

    [Fact]
    public void Rdt_enabled_as_nobody_without_capabilities_exits_1_naming_rdt_enabled_and_both_capabilities()
    {
        var config = MeasurementConfig("rdt.yaml", "task1", "  rdt_enabled: true\n");
        var (exit, _, stderr) = WcaProcess.Run(["-c", config], workingDirectory: _dir.Path, launcher: Nobody, wcaDll: _wcaDll);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("resctrl (rdt_enabled: true) needs CAP_DAC_OVERRIDE, CAP_SETUID: grant them with `setcap cap_dac_override,cap_setuid+ep ", stderr);
        Assert.Contains("AmbientCapabilities=CAP_DAC_OVERRIDE CAP_SETUID", stderr);
        Assert.DoesNotContain("perf", stderr);
    }

    [Fact]
    public void Rdt_enabled_as_nobody_with_both_capabilities_passes_the_privilege_check()
    {
        // Past the check, the runner looks for resctrl under WCA_RESCTRL_ROOT: an empty directory has none, which
        // is the runner's own start-up error, not a privilege one.
        var resctrl = Path.Combine(_dir.Path, "no-resctrl");
        Directory.CreateDirectory(resctrl);
        var config = MeasurementConfig("rdt-caps.yaml", "task1", "  rdt_enabled: true\n");
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", config], workingDirectory: _dir.Path,
            environment: new Dictionary<string, string> { ["WCA_RESCTRL_ROOT"] = resctrl }, launcher: NobodyWith("+dac_override,+setuid"), wcaDll: _wcaDll);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.DoesNotContain("Insufficient privileges", stdout + stderr);
        Assert.Contains("RDT explicitly enabled but not available", stdout);
    }

    [Fact]
    public void Wss_reset_cycles_as_nobody_without_capabilities_exits_1_naming_CAP_SYS_PTRACE_and_CAP_DAC_OVERRIDE()
    {
        var config = MeasurementConfig("wss.yaml", "task1", "  wss_reset_cycles: 20\n");
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", config], workingDirectory: _dir.Path, launcher: Nobody, wcaDll: _wcaDll);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("smaps reads of other users' processes (wss_reset_cycles: 20) need CAP_SYS_PTRACE; "
            + "clear_refs writes (wss_reset_cycles: 20) need CAP_DAC_OVERRIDE: grant them with `setcap cap_dac_override,cap_sys_ptrace+ep ", stderr);
        Assert.Contains("AmbientCapabilities=CAP_DAC_OVERRIDE CAP_SYS_PTRACE", stderr);
        Assert.DoesNotContain("task_", stderr + stdout);
    }

    [Fact]
    public void Wss_as_nobody_with_CAP_SYS_PTRACE_and_CAP_DAC_OVERRIDE_measures_a_root_process()
    {
        // The sleeper runs as root: reading its smaps is exactly what needs CAP_SYS_PTRACE, resetting it CAP_DAC_OVERRIDE.
        using var task = TestCgroup.Create("nonroot-wss");
        task.StartSleeper();
        var config = MeasurementConfig("wss-caps.yaml", task.RelativePath, "  wss_reset_cycles: 2\n");
        using var wca = WcaProcess.Start(["-c", config], workingDirectory: _dir.Path, launcher: NobodyWith("+dac_override,+sys_ptrace"), wcaDll: _wcaDll);
        Assert.True(wca.WaitForStderr("task_wss_referenced_bytes{"), $"no WSS sample. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
        wca.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, stderr) = wca.WaitForExit();
        Assert.True(exit == 0, $"exit {exit}. stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.DoesNotContain("Insufficient privileges", stdout + stderr);
        var samples = PrometheusSamples.Parse(string.Join('\n', stderr.Split('\n').Where(l => !l.StartsWith("wca:", StringComparison.Ordinal))));
        Assert.Contains(samples, s => s.Name == "task_wss_referenced_bytes" && s["task_id"] == task.RelativePath && s.Value > 0);
        Assert.DoesNotContain("Permission denied", stdout + stderr);
    }

    [Fact]
    public void The_setcap_hint_under_the_dotnet_host_names_the_single_file_build_not_dotnet()
    {
        var (_, environment) = ParanoidAbove0();
        var config = MeasurementConfig("perf-hint.yaml", "task1", "  event_names: [instructions]\n");
        var (exit, _, stderr) = WcaProcess.Run(["-c", config], workingDirectory: _dir.Path, environment: environment, launcher: Nobody, wcaDll: _wcaDll);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("`setcap cap_perfmon+ep <the single-file wca from `make dist`, not the shared dotnet host>`", stderr);
        Assert.DoesNotContain("+ep /usr", stderr);
        Assert.DoesNotContain("dotnet`", stderr);
    }
}

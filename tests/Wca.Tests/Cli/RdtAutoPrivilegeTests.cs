using System.Runtime.InteropServices;
using Wca.Host.Security;
using Wca.Pipeline;
using Wca.Tests.TestSupport;
using Wca.Tests.TestSupport.Resctrl;

namespace Wca.Tests.Cli;

/// <summary>
/// rdt_enabled unset (auto) with resctrl mounted turns RDT on only when the agent can use it: root, or
/// CAP_DAC_OVERRIDE and CAP_SETUID in its effective set; otherwise it says so once at start and measures without RDT
/// (was: RDT on, then a warning per task). The built wca as user nobody against the resctrl stand-in's tree.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RdtAutoPrivilegeTests : IDisposable
{
    private static readonly string[] Nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
    private readonly TestDirectory _dir = new();
    private readonly string _wcaDll;

    public RdtAutoPrivilegeTests()
    {
        // The agent is copied where nobody can read it: the checkout may sit under a directory nobody cannot enter.
        var agent = Path.Combine(_dir.Path, "agent");
        CopyDirectory(Path.GetDirectoryName(RepoLayout.WcaDll)!, agent);
        _wcaDll = Path.Combine(agent, "wca.dll");
    }

    public void Dispose() => _dir.Dispose();

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.EnumerateDirectories(from)) CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
    }

    private static void MakeWorldReadable(string root)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root))
            File.SetUnixFileMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
    }

    [Fact]
    public void Auto_as_nobody_without_the_capabilities_says_once_that_RDT_stays_off_and_why_and_measures_without_it()
    {
        using var standIn = new ResctrlStandIn();
        MakeWorldReadable(Path.GetDirectoryName(standIn.Root)!);
        using var task = TestCgroup.Create("rdt-auto-nobody");
        task.StartSleeper();
        var config = _dir.Write("auto.yaml", $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: [{task.RelativePath}]\n  interval: 0.2\n");
        MakeWorldReadable(_dir.Path);

        using var wca = WcaProcess.Start(["-c", config], workingDirectory: _dir.Path,
            environment: new Dictionary<string, string> { ["WCA_RESCTRL_ROOT"] = standIn.Root }, launcher: Nobody, wcaDll: _wcaDll);
        Assert.True(wca.WaitForStderr($"task_id=\"{task.RelativePath}\""), $"no sample of the task. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
        Thread.Sleep(1000); // a few more iterations at 0.2 s: a per-task warning would have come by then
        wca.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, stderr) = wca.WaitForExit();
        var output = stdout + stderr;
        Assert.True(exit == 0, $"exit {exit}. stdout:\n{stdout}\nstderr:\n{stderr}");
        var off = output.Split('\n').Where(l => l.Contains("RDT stays off", StringComparison.Ordinal)).ToArray();
        var line = Assert.Single(off);
        Assert.Contains($"resctrl is mounted at {standIn.Root}, but uid 65534 lacks CAP_DAC_OVERRIDE, CAP_SETUID", line);
        Assert.Contains("AmbientCapabilities=CAP_DAC_OVERRIDE CAP_SETUID", line);
        Assert.Contains("`setcap cap_dac_override,cap_setuid+ep`", line);
        Assert.Contains("--root", line);
        Assert.Contains("RDT enabled (auto configuration): False", output);
        Assert.DoesNotContain("Insufficient privileges", output);
        Assert.DoesNotContain("resctrl:", output); // no per-task failure ("Measuring task ... failed: resctrl: ...")
        Assert.DoesNotContain("Permission denied", output);
        var samples = PrometheusSamples.Parse(string.Join('\n', stderr.Split('\n').Where(l => !l.StartsWith("wca:", StringComparison.Ordinal))));
        Assert.Contains(samples, s => s.Name == "task_cpu_usage_seconds" && s["task_id"] == task.RelativePath);
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("task_llc_", StringComparison.Ordinal) || s.Name.StartsWith("wca_rdt_", StringComparison.Ordinal));
        Assert.Empty(standIn.Mount.MonitoringGroups(""));
    }

    [Theory]
    [InlineData(0u, 0UL, null)]
    [InlineData(1000u, (1UL << 1) | (1UL << 7), null)]
    [InlineData(1000u, 1UL << 1, "CAP_SETUID")]
    [InlineData(1000u, 1UL << 7, "CAP_DAC_OVERRIDE")]
    [InlineData(65534u, 0UL, "CAP_DAC_OVERRIDE, CAP_SETUID")]
    public void Root_or_both_capabilities_in_the_effective_set_let_auto_turn_RDT_on(uint uid, ulong effective, string? missing) =>
        Assert.Equal(missing, MeasurementCycle.MissingResctrlCapabilities(new PrivilegeFacts(uid, effective, null)));
}

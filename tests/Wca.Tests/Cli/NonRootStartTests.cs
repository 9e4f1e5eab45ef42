using Wca.Host.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Cli;

/// <summary>
/// The built wca started as user nobody (setpriv), with and without the capabilities it needs. Agent, plugin and
/// config are copied to a world-readable temporary directory: the checkout may sit under a directory nobody cannot enter.
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
    private static readonly string[] NobodyWithCapabilities =
        [.. Nobody, "--inh-caps", "+dac_override,+setuid", "--ambient-caps", "+dac_override,+setuid"];

    /// <summary>A /proc stand-in (WCA_PROC_ROOT) with the given perf_event_paranoid, readable by nobody.</summary>
    private (int ExitCode, string Stdout, string Stderr) RunAsNobody(int paranoid, string[] launcher)
    {
        var file = Path.Combine(_dir.Path, "proc/sys/kernel/perf_event_paranoid");
        File.WriteAllText(file, paranoid + "\n");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        return WcaProcess.Run(_helloArgs, workingDirectory: _dir.Path, environment: new Dictionary<string, string> { ["WCA_PROC_ROOT"] = Path.Combine(_dir.Path, "proc") },
            launcher: launcher, wcaDll: _wcaDll);
    }

    [Fact]
    public void Without_capabilities_exits_1_saying_what_is_missing_and_how_to_grant_it()
    {
        var (exit, stdout, stderr) = RunAsNobody(2, Nobody);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("CAP_DAC_OVERRIDE, CAP_SETUID", stderr);
        Assert.Contains("setcap cap_dac_override,cap_setuid+ep", stderr);
        Assert.Contains("sysctl -w kernel.perf_event_paranoid=0", stderr);
        Assert.DoesNotContain("Hello world!", stdout);
    }

    [Fact]
    public void With_capabilities_but_paranoid_perf_events_only_that_is_reported()
    {
        var (exit, _, stderr) = RunAsNobody(1, NobodyWithCapabilities);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("kernel.perf_event_paranoid is 1", stderr);
        Assert.DoesNotContain("CAP_", stderr);
    }

    [Fact]
    public void With_capabilities_and_paranoid_0_runs_without_root()
    {
        var (exit, stdout, stderr) = RunAsNobody(0, NobodyWithCapabilities);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Hello world!", stdout);
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using Wca.Host.Cli;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Packaging;

/// <summary>
/// packaging/systemd/wca.service: systemd-analyze verify accepts it without a warning (PID 1 here is not systemd, so
/// the unit is verified in a root holding the host's units and the Native AOT wca as /usr/bin/wca), it keeps the seed's
/// settings, and its ExecStartPre and ExecStart lines run as a throw-away system user with exactly the unit's
/// capabilities (setpriv: bounding set, ambient capabilities, securebits, no new privileges), measuring a real cgroup.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SystemdUnitTests
{
    private static readonly SystemdUnitFile Unit = new(PackagingLayout.Unit);

    [Fact]
    public void Systemd_analyze_verify_accepts_the_unit_without_a_warning()
    {
        using var root = new TestDirectory();
        Directory.CreateDirectory(root.File("usr/bin"));
        Directory.CreateDirectory(root.File("bin"));
        CopyDirectory("/lib/systemd/system", root.File("lib/systemd/system"));
        File.Copy(NativeAotBuild.Executable, root.File("usr/bin/wca"));
        File.Copy("/bin/kill", root.File("bin/kill"));
        var unit = root.File("lib/systemd/system/wca.service");
        File.Copy(PackagingLayout.Unit, unit, overwrite: true);

        // --man=no: Documentation=man:wca(1) is the package's man page, not installed on this host.
        var (exit, output) = ExternalTool.Run("systemd-analyze", "verify", "--man=no", $"--root={root.Path}", unit);

        Assert.True(exit == 0 && output.Trim().Length == 0, $"systemd-analyze verify: exit {exit}\n{output}");
    }

    [Fact]
    public void The_unit_keeps_the_seeds_settings_and_adds_the_hardening()
    {
        Assert.Equal("/usr/bin/wca --config /etc/wca/wca_config.yml $WCA_ARGS", Unit.Service("ExecStart"));
        Assert.Equal("/usr/bin/wca --check-config /etc/wca/wca_config.yml", Unit.Service("ExecStartPre"));
        Assert.Equal(["/usr/bin/wca --check-config /etc/wca/wca_config.yml", "/bin/kill -HUP $MAINPID"], Unit.All("Service", "ExecReload"));
        Assert.Equal("-/etc/default/wca", Unit.Service("EnvironmentFile"));
        Assert.Equal("wca", Unit.Service("User"));
        Assert.Equal("wca", Unit.Service("Group"));
        Assert.Equal("CAP_DAC_OVERRIDE CAP_SETUID", Unit.Service("CapabilityBoundingSet"));
        Assert.Equal("CAP_DAC_OVERRIDE CAP_SETUID", Unit.Service("AmbientCapabilities"));
        Assert.Equal("no-setuid-fixup", Unit.Service("SecureBits"));
        Assert.Equal("always", Unit.Service("Restart"));
        Assert.Equal("500000", Unit.Service("LimitNOFILE"));
        Assert.Equal("/var/lib/wca", Unit.Service("WorkingDirectory"));
        Assert.Equal("strict", Unit.Service("ProtectSystem"));
        Assert.Equal("yes", Unit.Service("ProtectHome"));
        Assert.Equal("yes", Unit.Service("PrivateTmp"));
        var writable = Unit.Service("ReadWritePaths").Split(' ');
        Assert.Contains("/sys/fs/cgroup", writable);
        Assert.Contains("-/sys/fs/resctrl", writable); // optional: hosts without RDT have no resctrl mount
        Assert.Contains("/var/lib/wca", writable);
        Assert.Equal("multi-user.target", Unit.Single("Install", "WantedBy"));
    }

    [Fact]
    public void ExecStart_runs_as_the_units_user_with_its_capabilities_and_measures_a_real_cgroup_and_SIGTERM_exits_0()
    {
        using var user = ThrowAwaySystemUser.Create();
        using var dir = new TestDirectory();
        using var task = TestCgroup.Create("systemd-unit");
        task.StartSleeper();
        var wca = InstallFor(dir);
        var config = WorldReadable(dir.Write("wca_config.yml", $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: [{task.RelativePath}]\n  interval: 0.2\n"));
        var launcher = AsTheUnitsUser(user);

        var (checkExit, checkOut, checkErr) = WcaProcess.Run(CommandLine(Unit.Service("ExecStartPre"), wca, config), dir.Path, launcher: launcher, executable: wca);
        Assert.True(checkExit == 0, $"ExecStartPre: exit {checkExit}\n{checkOut}\n{checkErr}");

        using var agent = WcaProcess.Start(CommandLine(Unit.Service("ExecStart"), wca, config), dir.Path, launcher: launcher, executable: wca);
        Assert.True(agent.WaitForStderr($"task_id=\"{task.RelativePath}\""), $"no sample of the task. stdout:\n{agent.Stdout}\nstderr:\n{agent.Stderr}");
        Assert.Equal(user.Uid.ToString(CultureInfo.InvariantCulture), StatusField(agent.Pid, "Uid").Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        const ulong DacOverrideAndSetuid = (1UL << 1) | (1UL << 7);
        Assert.Equal(DacOverrideAndSetuid, ulong.Parse(StatusField(agent.Pid, "CapEff"), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal(DacOverrideAndSetuid, ulong.Parse(StatusField(agent.Pid, "CapBnd"), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal("1", StatusField(agent.Pid, "NoNewPrivs"));
        agent.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, stderr) = agent.WaitForExit();
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("Stopped by SIGTERM", stdout, StringComparison.Ordinal);
        var samples = PrometheusSamples.Parse(string.Join('\n', stderr.Split('\n').Where(l => !l.StartsWith("wca:", StringComparison.Ordinal))));
        Assert.Contains(samples, s => s.Name == "task_mem_usage_bytes" && s["task_id"] == task.RelativePath && s.Value > 0);
    }

    [Fact]
    public void A_config_error_fails_ExecStartPre_and_ExecStart_with_exit_1_and_the_message_on_stderr_and_in_the_log()
    {
        using var user = ThrowAwaySystemUser.Create();
        using var dir = new TestDirectory();
        var wca = InstallFor(dir);
        var config = WorldReadable(dir.Write("wca_config.yml", "runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n  intervall: 1\n"));
        var launcher = AsTheUnitsUser(user);

        foreach (var line in new[] { Unit.Service("ExecStartPre"), Unit.Service("ExecStart") })
        {
            var (exit, stdout, stderr) = WcaProcess.Run(CommandLine(line, wca, config), dir.Path, launcher: launcher, executable: wca);
            Assert.True(exit == ExitCodes.StartupError, $"{line}: exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains("unknown key 'intervall'", stderr, StringComparison.Ordinal);
            // Both go to the journal: stdout (the log) as well as stderr.
            Assert.Contains("unknown key 'intervall'", stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>A unit command line with the binary and config at test paths, $WCA_ARGS unset (no word at all, as systemd expands it).</summary>
    private static string[] CommandLine(string line, string wca, string config)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/usr/bin/wca", words[0]);
        return [.. words.Skip(1).Where(w => w != "$WCA_ARGS").Select(w => w == "/etc/wca/wca_config.yml" ? config : w)];
    }

    /// <summary>setpriv as systemd starts the unit: its user and group, only its capabilities (bounding, inheritable,
    /// ambient), SecureBits=no-setuid-fixup, NoNewPrivileges=yes.</summary>
    private static string[] AsTheUnitsUser(ThrowAwaySystemUser user)
    {
        var caps = string.Join(',', Unit.Service("AmbientCapabilities").Split(' ').Select(c => "+" + c["CAP_".Length..].ToLowerInvariant()));
        Assert.Equal("no-setuid-fixup", Unit.Service("SecureBits"));
        Assert.Equal("yes", Unit.Service("NoNewPrivileges"));
        return ["setpriv", $"--reuid={user.Uid}", $"--regid={user.Gid}", "--init-groups", "--bounding-set", "-all," + caps,
            "--inh-caps", "-all," + caps, "--ambient-caps", caps, "--securebits", "+no_setuid_fixup", "--no-new-privs"];
    }

    /// <summary>The Native AOT wca (what the package installs as /usr/bin/wca) in a directory every user can enter.</summary>
    private static string InstallFor(TestDirectory dir)
    {
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        var wca = dir.File("wca");
        File.Copy(NativeAotBuild.Executable, wca);
        File.SetUnixFileMode(wca, (UnixFileMode)0b111_101_101);
        return wca;
    }

    private static string WorldReadable(string path)
    {
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return path;
    }

    private static string StatusField(int pid, string name) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo) CopyDirectory(entry.FullName, target);
            else File.Copy(entry.FullName, target);
        }
    }
}

using System.Runtime.InteropServices;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage;

/// <summary>
/// SIGHUP on the real agent: it keeps running and reopens its append-mode output file, so logrotate's
/// "rename, then HUP" convention works; SIGTERM still stops it with exit 0.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HangupTests
{
    private const int Sighup = 1;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static void Hangup(WcaProcess wca) =>
        Assert.True(Kill(wca.Pid, Sighup) == 0, $"kill failed: errno {Marshal.GetLastPInvokeError()}");

    /// <summary>Waits (bounded: a minute) until <paramref name="path"/> holds a whole package.</summary>
    private static bool WaitForPackage(string path, WcaProcess wca)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && File.ReadAllText(path).Contains("\n\n", StringComparison.Ordinal)) return true;
            Thread.Sleep(100);
        }
        return false;
    }

    [Fact]
    public void After_rename_and_SIGHUP_the_agent_keeps_running_and_writes_a_new_file_and_SIGTERM_exits_0()
    {
        using var dir = new TestDirectory();
        var output = dir.File("metrics.log");
        var config = dir.Write("config.yaml", $"""
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: []
              interval: 0.2
              metrics_storage: !LogStorage
                output_filename: '{output}'
            """);
        using var wca = WcaProcess.Start(["-c", config, "--root"]);
        Assert.True(WaitForPackage(output, wca), $"no package in {output}. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");

        File.Move(output, output + ".1");
        Hangup(wca);
        Assert.True(WaitForPackage(output, wca), $"no new file after SIGHUP. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
        // The agent's log goes to stdout when stdout is not a terminal.
        Assert.True(wca.WaitForStdout($"Reopened {output} for appending"), wca.Stdout);

        // A SIGHUP with nothing rotated reopens the same file, and the agent goes on appending to it.
        var before = new FileInfo(output).Length;
        Hangup(wca);
        Assert.True(wca.WaitForStdout($"Reopened {output} for appending: SIGHUP"), wca.Stdout);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (new FileInfo(output).Length <= before && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.True(new FileInfo(output).Length > before, "nothing appended after the second SIGHUP");

        wca.Signal(PosixSignal.SIGTERM);
        var (exit, _, stderr) = wca.WaitForExit();
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.True(File.ReadAllText(output + ".1").Length > 0);
    }
}

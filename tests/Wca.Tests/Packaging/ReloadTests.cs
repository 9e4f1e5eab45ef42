using System.Globalization;
using System.Runtime.InteropServices;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Packaging;

/// <summary>
/// SIGHUP with a changed configuration file reloads it in place: the next iterations follow the new interval and
/// wca_iterations goes on counting; a broken file leaves the running configuration with one error line.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReloadTests
{
    private const int Sighup = 1;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static void Hangup(WcaProcess wca) =>
        Assert.True(Kill(wca.Pid, Sighup) == 0, $"kill failed: errno {Marshal.GetLastPInvokeError()}");

    private static string Config(string output, double interval) => $"""
        runner: !MeasurementRunner
          node: !StaticNode
            tasks: []
          interval: {interval.ToString(CultureInfo.InvariantCulture)}
          metrics_storage: !LogStorage
            output_filename: '{output}'
            include_timestamp: true
        """;

    /// <summary>(wca_iterations, package time in ms) of every package in the append-mode file, in order.</summary>
    private static List<(long Iterations, long TimeMs)> Packages(string output)
    {
        var packages = new List<(long, long)>();
        if (!File.Exists(output)) return packages;
        foreach (var line in File.ReadLines(output))
        {
            if (!line.StartsWith("wca_iterations{", StringComparison.Ordinal)) continue;
            var fields = line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            packages.Add(((long)double.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture)));
        }
        return packages;
    }

    private static List<(long Iterations, long TimeMs)> WaitForPackages(string output, int count, WcaProcess wca)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var packages = Packages(output);
        while (packages.Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            packages = Packages(output);
        }
        Assert.True(packages.Count >= count, $"{packages.Count} packages, expected {count}. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
        return packages;
    }

    [Fact]
    public void A_changed_interval_is_followed_after_SIGHUP_and_wca_iterations_goes_on()
    {
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var config = dir.Write("config.yaml", Config(output, 2));
        using var wca = WcaProcess.Start(["-c", config, "--root"]);
        var before = WaitForPackages(output, 2, wca);

        File.WriteAllText(config, Config(output, 0.2));
        Hangup(wca);
        Assert.True(wca.WaitForStdout("Reloaded " + config), wca.Stdout);
        Assert.True(wca.WaitForStdout("Measuring every 0.2 s"), wca.Stdout);
        var reloadedAt = Packages(output).Count;
        var all = WaitForPackages(output, reloadedAt + 8, wca);
        wca.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, _) = wca.WaitForExit();
        Assert.True(exit == 0, stdout);

        // Continuous: never back to 1, at most the package of an iteration cut short by the reload missing.
        for (var i = 1; i < all.Count; i++)
            Assert.True(all[i].Iterations > all[i - 1].Iterations && all[i].Iterations - all[i - 1].Iterations <= 2,
                $"wca_iterations {all[i - 1].Iterations} then {all[i].Iterations}: {string.Join(", ", all.Select(p => p.Iterations))}");
        Assert.True(before[1].TimeMs - before[0].TimeMs >= 1900, $"before the reload: {before[1].TimeMs - before[0].TimeMs} ms apart");
        // The iterations after the reload start 0.2 s apart: the median gap is far below the old 2 s.
        var gaps = all.Skip(reloadedAt + 1).Zip(all.Skip(reloadedAt + 2), (a, b) => b.TimeMs - a.TimeMs).Order().ToArray();
        Assert.True(gaps[gaps.Length / 2] < 1000, $"gaps after the reload (ms): {string.Join(", ", gaps)}");
    }

    [Fact]
    public void A_broken_file_on_SIGHUP_keeps_the_running_configuration_with_one_error_line()
    {
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var config = dir.Write("config.yaml", Config(output, 0.2));
        using var wca = WcaProcess.Start(["-c", config, "--root"]);
        WaitForPackages(output, 2, wca);

        File.WriteAllText(config, Config(output, 0.2) + "\n  no_such_key: 1\n");
        Hangup(wca);
        Assert.True(wca.WaitForStdout("not reloading"), wca.Stdout);
        var count = Packages(output).Count;
        var after = WaitForPackages(output, count + 5, wca);
        wca.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, _) = wca.WaitForExit();

        Assert.True(exit == 0, stdout);
        var errors = stdout.Split('\n').Where(l => l.Contains("not reloading", StringComparison.Ordinal)).ToArray();
        var error = Assert.Single(errors);
        Assert.Contains("no_such_key", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Reloaded", stdout, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, after.Count).Select(i => (long)i), after.Select(p => p.Iterations));
    }
}

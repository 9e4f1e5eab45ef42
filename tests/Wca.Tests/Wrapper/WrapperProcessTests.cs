using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Wrapper;

/// <summary>The built wca-wrapper as a process with real children (wrapper.md §4): echo, parsing, exit status, signals.</summary>
public sealed partial class WrapperProcessTests
{
    private static WcaProcess Start(params string[] args) => WcaProcess.Start(args, wcaDll: WrapperFixtures.WrapperDll);

    [GeneratedRegex(@"Workload started \(pid (\d+)\)")]
    private static partial Regex ChildPid();

    [Fact]
    public void A_shell_loop_printing_blocks_is_parsed_through_the_default_parser_with_a_separator()
    {
        using var directory = new TestDirectory();
        var output = directory.File("apms.prom");
        using var wrapper = Start("--command", "\"for i in 1 2 3; do echo \\\"x=$i y=1$i\\\"; echo z=$i; echo ---; done\"", "--subprocess_shell",
            "--separator=---", "--metric_name_prefix", "loop_", "--labels", "{\"workload\": \"loop\"}", "--storage_output_filename", output);
        var (status, stdout, stderr) = wrapper.WaitForExit();
        Assert.True(status == 0, stderr);
        Assert.Equal("x=1 y=11\nz=1\n---\nx=2 y=12\nz=2\n---\nx=3 y=13\nz=3\n---\n", stdout);
        var batches = File.ReadAllText(output).Split("\n\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, batches.Length);
        for (var i = 1; i <= 3; i++)
        {
            var lines = batches[i - 1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.LastIndexOf(' ')]).ToArray();
            Assert.Equal([$"loop_x{{workload=\"loop\"}} {i}.0", $"loop_y{{workload=\"loop\"}} 1{i}.0", $"loop_z{{workload=\"loop\"}} {i}.0"], lines);
            Promtool.AssertParses(batches[i - 1] + "\n");
        }
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 7", 7)]
    [InlineData("kill -KILL $$", 128 + 9)]
    public void The_childs_exit_status_becomes_the_wrappers(string end, int expected)
    {
        using var wrapper = Start("--command", $"sh -c 'echo a=1; {end}'", "--parser", "default");
        var (status, stdout, stderr) = wrapper.WaitForExit();
        Assert.True(expected == status, stderr);
        Assert.Equal("a=1\n", stdout);
        Assert.Contains("a 1.0 ", stderr);
    }

    [Fact]
    public void A_command_that_cannot_run_exits_1_with_the_reason()
    {
        var (status, _, stderr) = WcaProcess.Run(["--command", "/nonexistent/workload --flag"], wcaDll: WrapperFixtures.WrapperDll);
        Assert.Equal(1, status);
        Assert.Contains("ERROR wrapper_main Cannot run /nonexistent/workload:", stderr);
    }

    [Fact]
    public void The_unparsed_stream_is_the_wrappers_own_so_a_chatty_child_never_blocks()
    {
        // 1 MB on stderr while stdout is parsed: the original's undrained pipe (64 KiB) would block the child for good.
        using var wrapper = Start("--command", "sh -c 'head -c 1000000 /dev/zero | tr \"\\0\" e >&2; echo done=1'", "--parser", "default");
        var (status, stdout, stderr) = wrapper.WaitForExit();
        Assert.Equal(0, status);
        Assert.Equal("done=1\n", stdout);
        Assert.Contains(new string('e', 1000), stderr);
        Assert.Contains("done 1.0 ", stderr);
    }

    [Theory]
    [InlineData(PosixSignal.SIGTERM, 128 + 15)]
    [InlineData(PosixSignal.SIGINT, 128 + 2)]
    public void A_signal_to_the_wrapper_is_forwarded_the_child_ends_and_the_wrapper_exits_with_its_status(PosixSignal signal, int expected)
    {
        using var wrapper = Start("--command", "sleep 1000", "--log_level", "INFO");
        Assert.True(wrapper.WaitForStderr("Workload started (pid "), wrapper.Stderr);
        var child = int.Parse(ChildPid().Match(wrapper.Stderr).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{child}"));
        wrapper.Signal(signal);
        var (status, _, stderr) = wrapper.WaitForExit();
        Assert.True(expected == status, stderr);
        Assert.Contains($"INFO wrapper_main Forwarding {signal} to the workload (pid {child})", stderr);
        Assert.False(Directory.Exists($"/proc/{child}"), "the child still runs");
    }

    [Fact]
    public void A_child_printing_100_MB_is_echoed_while_the_wrappers_memory_stays_flat()
    {
        using var directory = new TestDirectory();
        // Past 50 MB the GC's gen0 budget (~80 MB on this machine, for the lines' strings) is reached: from there on the
        // peak must stay where it is, whatever the workload prints.
        var half = EchoRun(directory, 50_000_000);
        var full = EchoRun(directory, 100_000_000);
        Assert.True(full.PeakKiB < half.PeakKiB + 16 * 1024, $"VmHWM {half.PeakKiB} KiB after 50 MB, {full.PeakKiB} KiB after 100 MB");
        Assert.True(full.PeakKiB < 256 * 1024, $"VmHWM {full.PeakKiB} KiB after 100 MB");
    }

    /// <summary>Runs the wrapper (stdout to a file) over a child printing <paramref name="bytes"/> of lines, then pausing so
    /// the wrapper's peak RSS can be read from /proc while it waits for more.</summary>
    private static (long PeakKiB, long Echoed) EchoRun(TestDirectory directory, long approximateBytes)
    {
        const string line = "a line of workload output without metrics, just text to echo .......";
        var lines = approximateBytes / (line.Length + 1);
        var bytes = lines * (line.Length + 1);
        var echo = directory.File($"echo-{lines}.txt");
        var marker = directory.File($"printed-{lines}");
        var command = $"\"yes '{line}' | head -n {lines}; touch {marker}; sleep 30\"";
        using var process = Process.Start(new ProcessStartInfo("sh",
            ["-c", "exec dotnet \"$0\" \"$@\" > \"$ECHO_FILE\"", WrapperFixtures.WrapperDll, "--command", command, "--subprocess_shell", "--parser", "default"])
        {
            UseShellExecute = false,
            Environment = { ["ECHO_FILE"] = echo },
        })!;
        try
        {
            var deadline = Stopwatch.StartNew();
            // The child has printed everything; the wrapper has echoed it once the file has all the bytes.
            while ((!File.Exists(marker) || new FileInfo(echo).Length < bytes) && deadline.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
                Thread.Sleep(100);
            var echoed = new FileInfo(echo).Length;
            Assert.Equal(bytes, echoed);
            var status = File.ReadAllLines($"/proc/{process.Id}/status");
            var peak = long.Parse(status.Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
                System.Globalization.CultureInfo.InvariantCulture);
            return (peak, echoed);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            File.Delete(echo);
        }
    }
}

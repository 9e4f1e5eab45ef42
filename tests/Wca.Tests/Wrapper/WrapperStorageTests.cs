using System.Text;
using System.Text.RegularExpressions;
using Wca.Tests.TestSupport;
using Wca.Wrapper;

namespace Wca.Tests.Wrapper;

/// <summary>
/// The wrapper in this process with a real child (cat of a fixture): SLI/SLO/load metrics (wrapper.md §7) and the
/// mid-2019 text in a file (§9.3, §9.4), byte for byte but for the store time.
/// </summary>
public sealed partial class WrapperStorageTests
{
    /// <summary>The original's default --regexp, spelled so that the default parser uses it as given: the fixture's second
    /// line (lat=20.5 → 20.0) shows the original's truncation, which the default parser's own pattern no longer has.</summary>
    private const string OriginalRegexp = @"(?P<name>\w+?)=(?P<value>\d+?.?\d{0,})";

    [GeneratedRegex(@" \d{13}$", RegexOptions.Multiline)]
    private static partial Regex Timestamp();

    internal static (int Status, string Echo, string Log) Run(params string[] args)
    {
        var echo = new MemoryStream();
        var log = new StringWriter();
        var status = new WrapperApplication { Echo = echo, Stdout = new StringWriter(), Stderr = log }.Run(args, "wca-wrapper");
        return (status, Encoding.UTF8.GetString(echo.ToArray()), log.ToString());
    }

    [Fact]
    public void The_constructed_sli_and_load_input_gives_the_reference_file()
    {
        using var directory = new TestDirectory();
        var output = directory.File("apms.prom");
        var input = WrapperFixtures.Path("constructed_sli_load_input.txt");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (status, echo, log) = Run("--command", $"cat {input}", "--parser", "default", "--regexp", OriginalRegexp,
            "--labels", "{'workload':'demo'}", "--slo", "10", "--sli_metric_name", "lat", "--load_metric_name", "qps", "--peak_load", "200",
            "--storage_output_filename", output, "--log_level", "DEBUG");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.True(status == 0, log);
        Assert.Equal(File.ReadAllText(input), echo);
        var text = File.ReadAllText(output);
        foreach (Match m in Timestamp().Matches(text))
            Assert.InRange(long.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture), before, after);
        Assert.Equal(File.ReadAllText(WrapperFixtures.Path("expected/constructed_sli_load_logstorage.prom")), Timestamp().Replace(text, " 1546433537000"));
        foreach (var batch in text.Split("\n\n\n", StringSplitOptions.RemoveEmptyEntries)) Promtool.AssertParses(batch + "\n");
        Assert.Contains(" INFO wrapper_main Running command: ['cat', '" + input + "']\n", log);
        Assert.Contains(" INFO wrapper_main configuring log storage to dump metrics to: '" + output + "'\n", log);
        Assert.Contains(" DEBUG parser Found metric: Metric(name='sli', value=12, labels={workload=\"demo\"}, type=gauge, help=Service Level Indicator based on lat metric)\n", log);
        Assert.Contains(" DEBUG storage Storing 8 metrics to " + output + ".\n", log);
    }

    [Fact]
    public void Inverse_sli_default_slo_and_const_load()
    {
        using var directory = new TestDirectory();
        var output = directory.File("apms.prom");
        var (status, _, log) = Run("--command", "printf 'speed=4\\n'", "--parser", "default", "--metric_name_prefix", "tf_",
            "--sli_metric_name", "tf_speed", "--inverse_sli_metric_value", "--load_metric_name", "const", "--peak_load", "1",
            "--storage_output_filename", output);
        Assert.True(status == 0, log);
        var text = Timestamp().Replace(File.ReadAllText(output), "");
        Assert.Equal(
            "load 1.0\n\nload_normalized 1.0\n\npeak_load 1.0\n\n"
            + "# HELP sli Service Level Indicator based on tf_speed metric\n# TYPE sli gauge\nsli 0.25\n\n"
            + "# HELP sli_normalized Normalized Service Level Indicator based on tf_speed metric and SLO\n# TYPE sli_normalized gauge\nsli_normalized 0.0\n\n"
            + "# HELP slo Service Level Objective based on tf_speed metric\n# TYPE slo gauge\nslo inf\n\n"
            + "tf_speed 4.0\n\n\n",
            text);
        Promtool.AssertParses(File.ReadAllText(output));
    }

    [Fact]
    public void An_sli_named_like_a_derived_metric_and_a_zero_peak_load_do_not_hang_or_crash()
    {
        using var directory = new TestDirectory();
        var output = directory.File("apms.prom");
        var (status, _, log) = Run("--command", "printf 'sli=0\\nsli=0\\n'", "--parser", "default",
            "--sli_metric_name", "sli", "--inverse_sli_metric_value", "--load_metric_name", "sli", "--peak_load", "0",
            "--storage_output_filename", output);
        Assert.True(status == 0, log);
        var text = File.ReadAllText(output);
        // 0 / 0 and inf / inf: IEEE NaN where the original crashed.
        Assert.Equal(2, Regex.Matches(text, "^load_normalized nan ", RegexOptions.Multiline).Count);
        Assert.Equal(2, Regex.Matches(text, "^sli_normalized nan ", RegexOptions.Multiline).Count);
        // The parsed "sli" (untyped) and the derived "sli" (gauge with help) clash: the derived one is dropped, logged once.
        Assert.Single(Regex.Matches(log, "another type or help"));
    }

    [Fact]
    public void Metrics_go_to_stderr_without_a_file_and_invalid_names_are_dropped_not_fatal()
    {
        var stderr = new MemoryStream();
        var log = new StringWriter();
        var status = new WrapperApplication { Echo = Stream.Null, Stdout = new StringWriter(), Stderr = log, MetricsStderr = () => stderr }
            .Run(["--command", "printf '99=1 ok=2\\nok=3\\n'", "--parser", "default"], "wca-wrapper");
        Assert.Equal(0, status);
        var text = Timestamp().Replace(Encoding.UTF8.GetString(stderr.ToArray()), "");
        Assert.Equal("ok 2.0\n\n\nok 3.0\n\n\n", text);
        Assert.Single(Regex.Matches(log.ToString(), "wrong metric name 99"));
    }
}

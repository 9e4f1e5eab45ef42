using Microsoft.Extensions.Logging;
using Wca.Wrapper;
using Wca.Wrapper.Cli;

namespace Wca.Tests.Wrapper;

/// <summary>wrapper.md §3: argparse's rules, the exit statuses, and --labels (§8).</summary>
public sealed class WrapperCommandLineTests
{
    private static WrapperOptions Parse(params string[] args) => WrapperCommandLine.Parse(args, "wrapper", TextWriter.Null)!;

    private static string Error(params string[] args) =>
        Assert.Throws<UsageException>(() => WrapperCommandLine.Parse(args, "wrapper", TextWriter.Null)).Message;

    /// <summary>The whole wrapper in this process, for exit statuses that come before a child is started.</summary>
    private static (int Status, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var status = new WrapperApplication { Stdout = stdout, Stderr = stderr, Echo = Stream.Null }.Run(args, "specjbb_wrapper.pex");
        return (status, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Defaults_are_the_originals()
    {
        var o = Parse("--command", "true");
        Assert.Equal("true", o.Command);
        Assert.Equal(0, o.Stderr);
        Assert.Equal(@"(?P<name>\w+?)=(?P<value>\d+?.?\d*)", o.Regexp);
        Assert.Equal("", o.MetricNamePrefix);
        Assert.Null(o.Separator);
        Assert.Equal(LogLevel.Error, o.LogLevel);
        Assert.Equal("{}", o.Labels);
        Assert.Equal("", o.KafkaBrokers);
        Assert.Equal("wca_apms", o.KafkaTopic);
        Assert.Null(o.StorageOutputFilename);
        Assert.Null(o.PeakLoad);
        Assert.Null(o.LoadMetricName);
        Assert.Equal(double.PositiveInfinity, o.Slo);
        Assert.Null(o.SliMetricName);
        Assert.False(o.InverseSliMetricValue);
        Assert.False(o.SubprocessShell);
    }

    [Fact]
    public void Unambiguous_prefixes_name_their_option()
    {
        var o = Parse("--comm", "x", "--sub", "--sli", "lat", "--inv", "--pe", "5", "--loa", "qps", "--stde", "1", "--stor", "f", "--kafka_b", "b:1");
        Assert.True(o.SubprocessShell);
        Assert.Equal("lat", o.SliMetricName);
        Assert.True(o.InverseSliMetricValue);
        Assert.Equal(5, o.PeakLoad);
        Assert.Equal("qps", o.LoadMetricName);
        Assert.Equal(1, o.Stderr);
        Assert.Equal("f", o.StorageOutputFilename);
        Assert.Equal("b:1", o.KafkaBrokers);
        Assert.Equal("ambiguous option: --st could match --stderr, --storage_output_filename", Error("--command", "x", "--st", "1"));
    }

    [Theory]
    [InlineData("--sl", "--slo, --sli_metric_name")]
    [InlineData("--s", "--stderr, --separator, --storage_output_filename, --slo, --sli_metric_name, --subprocess_shell")]
    [InlineData("--l", "--log_level, --labels, --load_metric_name")]
    [InlineData("--kafka", "--kafka_brokers, --kafka_topic")]
    public void An_ambiguous_prefix_is_an_error_naming_the_candidates(string prefix, string candidates)
    {
        Assert.Equal($"ambiguous option: {prefix} could match {candidates}", Error("--command", "x", prefix, "1"));
        Assert.Equal($"ambiguous option: {prefix}=1 could match {candidates}", Error("--command", "x", prefix + "=1"));
    }

    [Fact]
    public void Both_value_forms_and_the_last_occurrence_wins()
    {
        var o = Parse("--command=a", "--log_level", "INFO", "--log_level=DEBUG", "--command", "b", "--metric_name_prefix=x=y");
        Assert.Equal("b", o.Command);
        Assert.Equal(LogLevel.Debug, o.LogLevel);
        Assert.Equal("x=y", o.MetricNamePrefix);
        Assert.Equal("specjbb_", Parse("--command", "x", "--metric_name_prefix", "a", "--metric=specjbb_").MetricNamePrefix);
    }

    [Fact]
    public void A_separate_value_starting_with_a_dash_is_an_option_unless_it_has_a_space_or_is_a_negative_number()
    {
        Assert.Equal("argument --separator: expected one argument", Error("--command", "x", "--separator", "---"));
        Assert.Equal("---", Parse("--command", "x", "--separator=---").Separator);
        Assert.Equal("-c \"echo x=1\"", Parse("--command", "-c \"echo x=1\"").Command);
        Assert.Equal(-1, Parse("--command", "x", "--slo", "-1").Slo);
        Assert.Equal(-0.5, Parse("--command", "x", "--slo", "-.5").Slo);
        Assert.Equal("argument --slo: expected one argument", Error("--command", "x", "--slo", "-1e3"));
        Assert.Equal("argument --command: expected one argument", Error("--command", "--stderr", "1"));
        Assert.Equal("argument --command: expected one argument", Error("--command"));
    }

    [Theory]
    [InlineData("--stderr", "x", "argument --stderr: invalid int value: 'x'")]
    [InlineData("--stderr", "1.0", "argument --stderr: invalid int value: '1.0'")]
    [InlineData("--peak_load", "1000.5", "argument --peak_load: invalid int value: '1000.5'")]
    [InlineData("--slo", "fast", "argument --slo: invalid float value: 'fast'")]
    [InlineData("--log_level", "info", "argument --log_level: invalid choice: 'info' (choose from 'ERROR', 'WARNING', 'INFO', 'DEBUG', 'TRACE')")]
    public void A_value_of_the_wrong_type_is_an_error(string option, string value, string message) =>
        Assert.Equal(message, Error("--command", "x", option, value));

    [Fact]
    public void Values_are_read_as_python_reads_numbers()
    {
        Assert.Equal(1000, Parse("--command", "x", "--peak_load", " 1_000 ").PeakLoad);
        Assert.Equal(-3, Parse("--command", "x", "--stderr", "-3").Stderr);
        Assert.Equal(1000.0, Parse("--command", "x", "--slo", "1e3").Slo);
        Assert.Equal(double.PositiveInfinity, Parse("--command", "x", "--slo", "inf").Slo);
        Assert.True(double.IsNaN(Parse("--command", "x", "--slo", "nan").Slo));
        Assert.Equal(LogLevel.Trace, Parse("--command", "x", "--log_level", "TRACE").LogLevel);
    }

    [Fact]
    public void Unknown_arguments_missing_command_and_flag_values_are_errors()
    {
        Assert.Equal("unrecognized arguments: --bogus 1", Error("--command", "x", "--bogus", "1"));
        Assert.Equal("unrecognized arguments: stray", Error("--command", "x", "stray"));
        Assert.Equal("unrecognized arguments: -x", Error("--command", "x", "-x"));
        Assert.Equal("the following arguments are required: --command", Error("--stderr", "1"));
        Assert.Equal("argument --subprocess_shell: ignored explicit argument 'yes'", Error("--command", "x", "--subprocess_shell=yes"));
        // --parser (ours) is exact only: the original's --p (for --peak_load) keeps its meaning.
        Assert.Equal(7, Parse("--command", "x", "--p", "7", "--load_metric_name", "const").PeakLoad);
    }

    [Fact]
    public void A_usage_error_prints_usage_and_the_message_and_exits_2_before_anything_starts()
    {
        var (status, stdout, stderr) = Run("--command", "x", "--sl", "1");
        Assert.Equal(2, status);
        Assert.Equal("", stdout);
        Assert.StartsWith("usage: specjbb_wrapper.pex [-h] --command COMMAND [--stderr STDERR]", stderr);
        Assert.EndsWith("specjbb_wrapper.pex: error: ambiguous option: --sl could match --slo, --sli_metric_name\n", stderr);
        Assert.Equal(2, Run().Status);
    }

    [Fact]
    public void Help_prints_usage_and_description_and_exits_0()
    {
        var (status, stdout, stderr) = Run("--command", "x", "-h", "--bogus");
        Assert.Equal(0, status);
        Assert.Equal("", stderr);
        Assert.StartsWith("usage: specjbb_wrapper.pex [-h]", stdout);
        Assert.Contains("\nWrapper that exposes APMs using Prometheus format.\n", stdout);
        Assert.Contains("  --inverse_sli_metric_value", stdout);
        Assert.Equal(0, Run("--help").Status);
        Assert.Equal(0, Run("--he").Status);
    }

    [Theory]
    [InlineData("--load_metric_name", "qps")]
    [InlineData("--peak_load", "10")]
    public void Load_metric_without_peak_load_or_the_reverse_prints_to_stdout_and_exits_1(string option, string value)
    {
        var (status, stdout, stderr) = Run("--command", "true", option, value);
        Assert.Equal(1, status);
        Assert.Equal("Both load_metric_name and peak_load have to be set, or none of them.\n", stdout);
        Assert.Equal("", stderr);
    }

    [Theory]
    [InlineData("{'workload':'stress-ng','cores':'1'}")]
    [InlineData("{\"workload\": \"stress-ng\", \"cores\": \"1\"}")]
    [InlineData(" { 'workload' : \"stress-ng\" , 'cores':'1', } ")]
    public void Labels_are_json_or_the_python_dictionary_form(string text)
    {
        var labels = LabelsArgument.Parse(text);
        Assert.Equal(2, labels.Count);
        Assert.Equal("stress-ng", labels["workload"]);
        Assert.Equal("1", labels["cores"]);
    }

    [Fact]
    public void Label_escapes_of_both_forms_are_read()
    {
        Assert.Equal("a'b\"c\\d\né", LabelsArgument.Parse(@"{'k': 'a\'b""c\\d\n\u00e9'}")["k"]);
        Assert.Empty(LabelsArgument.Parse("{}"));
    }

    [Theory]
    [InlineData("{'cores': 1}", "a string value for label 'cores'")]
    [InlineData("['a']", "expected '{' at offset 0")]
    [InlineData("{'a': 'b'", "expected '}' at the end")]
    [InlineData("{'a': 'b}", "a string is not closed")]
    [InlineData("{'1a': 'b'}", "label name '1a' is not valid")]
    [InlineData("{'__a': 'b'}", "label name '__a' is not valid")]
    [InlineData("{'a': 'b'} x", "unexpected text after the dictionary")]
    public void Bad_labels_are_a_usage_error_before_the_child_starts(string text, string message)
    {
        Assert.Contains(message, Assert.Throws<UsageException>(() => LabelsArgument.Parse(text)).Message);
        using var directory = new TestSupport.TestDirectory();
        var marker = directory.File("started");
        var (status, _, stderr) = Run("--command", $"touch {marker}", "--labels", text);
        Assert.Equal(2, status);
        Assert.Contains("specjbb_wrapper.pex: error: argument --labels: ", stderr);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("printf 'lat=12\\n'", new[] { "printf", "lat=12\\n" })]
    [InlineData("\"while true; do echo a; done\"", new[] { "while true; do echo a; done" })]
    [InlineData("-c \"echo x=1; echo ---\"", new[] { "-c", "echo x=1; echo ---" })]
    [InlineData("a\\ b \"c\\\"d\\e\" ''", new[] { "a b", "c\"d\\e", "" })]
    public void The_command_is_split_as_shlex_does(string command, string[] tokens) =>
        Assert.Equal(tokens, CommandTokenizer.Split(command));

    [Fact]
    public void Token_lists_are_logged_in_python_notation() =>
        Assert.Equal(@"['printf', 'lat=12\\n', ""it's""]", PythonRepr.Of(["printf", @"lat=12\n", "it's"]));

    [Theory]
    [InlineData("'unclosed")]
    [InlineData("trailing\\")]
    public void A_command_that_does_not_split_is_a_usage_error(string command)
    {
        var (status, _, stderr) = Run("--command", command);
        Assert.Equal(2, status);
        Assert.Contains("error: argument --command: No", stderr);
    }

    [Fact]
    public void Bad_regular_expressions_and_storage_paths_are_usage_errors()
    {
        Assert.Contains("error: argument --regexp: not a regular expression", Run("--command", "true", "--parser", "default", "--regexp", "(").Stderr);
        Assert.Contains("error: argument --regexp: the default parser needs the named groups", Run("--command", "true", "--parser", "default", "--regexp", "x").Stderr);
        Assert.Contains("error: argument --separator: not a regular expression", Run("--command", "true", "--separator=[").Stderr);
        Assert.Contains("error: argument --storage_output_filename:", Run("--command", "true", "--storage_output_filename", "/nonexistent/dir/f").Stderr);
        Assert.Contains("error: argument --kafka_brokers:", Run("--command", "true", "--kafka_brokers", ",").Stderr);
        Assert.Contains("error: argument --parser: invalid choice: 'nope'", Run("--command", "true", "--parser", "nope").Stderr);
    }
}

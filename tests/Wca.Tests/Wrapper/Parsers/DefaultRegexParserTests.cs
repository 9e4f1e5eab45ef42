using Wca.Api;
using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The default regex parser (wrapper.md §10.1): lines, --separator blocks, the default and a user's --regexp.</summary>
public sealed class DefaultRegexParserTests
{
    private static readonly WorkloadParserArguments Prefixed = new() { MetricNamePrefix = "mp_" };

    /// <summary>The original's default regexp, spelled so that it is a user's pattern (Python matching kept exactly).</summary>
    private const string OriginalDefaultAsUserRegexp = @"(?P<name>\w+?)=(?P<value>\d+?.?\d*)(?:)";

    [Theory]
    [InlineData("a=4.0", "a", 4.0)]
    [InlineData("x=4 y=5", "x", 4.0)]
    [InlineData("z=1.337,w=6.66", "z", 1.337)]
    [InlineData("a=12.5", "a", 12.5)]
    [InlineData("b=159578.5", "b", 159578.5)]
    [InlineData("x=100ms", "x", 100.0)]
    [InlineData("x=1ms", "x", 1.0)]
    [InlineData("a=1,b=2", "a", 1.0)]
    [InlineData("a=-3", "a", -3.0)]
    [InlineData("a=1e5", "a", 100000.0)]
    [InlineData("été=7", "été", 7.0)]
    public void The_default_regexp_reads_whole_numbers(string line, string name, double value)
    {
        var run = ParserRun.Of(new DefaultRegexParser(), line);
        Assert.Equal((name, value), run.Values.First());
    }

    [Fact]
    public void The_default_regexp_finds_every_pair_of_a_line_in_order_and_keeps_duplicates()
    {
        var run = ParserRun.Of(new DefaultRegexParser(), "x=4 y=5 x=6 z=1.337,w=6.66 a=1,b=2\n", Prefixed);
        Assert.Equal([("mp_x", 4.0), ("mp_y", 5.0), ("mp_x", 6.0), ("mp_z", 1.337), ("mp_w", 6.66), ("mp_a", 1.0), ("mp_b", 2.0)], run.Values);
        Assert.Single(run.Batches);
    }

    [Theory]
    [InlineData("a=4.0", 4.0)]
    [InlineData("x=4 y=5", 4.0)]
    [InlineData("z=1.337,w=6.66", 1.337)]
    [InlineData("a=12.5", 12.0)]
    [InlineData("b=159578.5", 159578.0)]
    [InlineData("x=100ms", 100.0)]
    [InlineData("a=1e5", 100000.0)]
    public void A_user_regexp_keeps_python_matching(string line, double value)
    {
        var arguments = new WorkloadParserArguments { Regexp = OriginalDefaultAsUserRegexp };
        Assert.Equal(value, ParserRun.Of(new DefaultRegexParser(), line, arguments).Values.First().Value);
    }

    [Fact]
    public void A_user_regexp_value_that_is_not_a_number_is_skipped_and_the_others_kept()
    {
        // "a=1,b=2": the original's regexp captures "1," for a (the original crashed), then b=2.
        var arguments = new WorkloadParserArguments { Regexp = OriginalDefaultAsUserRegexp };
        var run = ParserRun.Of(new DefaultRegexParser(), "a=1,b=2\n", arguments);
        Assert.Equal([("b", 2.0)], run.Values);
    }

    [Fact]
    public void A_line_whose_every_value_is_not_a_number_is_reported()
    {
        var arguments = new WorkloadParserArguments { Regexp = OriginalDefaultAsUserRegexp, MetricNamePrefix = "mp_" };
        using var output = WorkloadOutputs.FromText("x=1ms\nx=2\n");
        var parser = new DefaultRegexParser();
        var e = Assert.Throws<FormatException>(() => parser.Parse(output.Reader, arguments, new List<Metric>()));
        Assert.Contains("--regexp", e.Message);
        Assert.Contains("mp_x", e.Message);
        // The line was consumed: the next call goes on with the next one.
        var batch = new List<Metric>();
        Assert.True(parser.Parse(output.Reader, arguments, batch));
        Assert.Equal(2.0, Assert.Single(batch).Value);
    }

    [Fact]
    public void A_line_without_a_match_gives_no_metric_and_the_end_of_the_stream_ends()
    {
        var run = ParserRun.Of(new DefaultRegexParser(), "starting\nno pairs here\n=5 a=-\n", Prefixed);
        Assert.Empty(run.Batches);
        Assert.Equal(4, run.Calls);
        Assert.Equal("starting\nno pairs here\n=5 a=-\n", run.Echoed);
    }

    [Fact]
    public void Empty_input_ends_at_the_first_call()
    {
        var run = ParserRun.Of(new DefaultRegexParser(), "");
        Assert.Equal(1, run.Calls);
        Assert.Empty(run.Batches);
    }

    [Fact]
    public void Labels_of_the_command_line_are_on_every_metric_and_there_is_no_type_or_help()
    {
        var labels = LabelSet.From(("workload", "demo"), ("cores", "1"));
        var run = ParserRun.Of(new DefaultRegexParser(), "lat=12 qps=100\n", new WorkloadParserArguments { Labels = labels });
        Assert.All(run.Batches.Single(), m =>
        {
            Assert.Same(labels, m.Labels);
            Assert.Equal(MetricType.Untyped, m.Type);
            Assert.Null(m.Descriptor.Help);
        });
    }

    [Fact]
    public void A_separator_collects_a_block_and_a_pattern_sees_the_joined_lines()
    {
        // The original joins lines (each ending in \n) with \n: "a\n\nb\n"; a user pattern across lines sees that text.
        var arguments = new WorkloadParserArguments
        {
            Regexp = @"(?P<name>first)=(?P<value>\d+)\n\nsecond",
            Separator = "---",
        };
        var run = ParserRun.Of(new DefaultRegexParser(), "first=3\nsecond\n---\n", arguments);
        Assert.Equal([("first", 3.0)], run.Values);
    }

    [Fact]
    public void A_separator_as_the_first_line_gives_an_empty_block_and_the_next_block_follows()
    {
        var arguments = new WorkloadParserArguments { Separator = "---", MetricNamePrefix = "mp_" };
        var run = ParserRun.Of(new DefaultRegexParser(), "---\nx=1\ny=2\n---\nz=3\n---\n", arguments);
        Assert.Equal([[("mp_x", 1.0), ("mp_y", 2.0)], [("mp_z", 3.0)]], run.Batches.Select(b => b.Select(m => (m.Name, m.Value)).ToArray()).ToArray());
        Assert.Equal(4, run.Calls);
    }

    [Fact]
    public void The_separator_matches_at_the_start_of_a_line_only_and_is_not_parsed()
    {
        var arguments = new WorkloadParserArguments { Separator = "end", MetricNamePrefix = "mp_" };
        var run = ParserRun.Of(new DefaultRegexParser(), "x=1 the end\nend y=2\nz=3\n", arguments);
        // "x=1 the end" is not a separator (end is not at the start); "end y=2" is, and y=2 is not parsed.
        Assert.Equal([("mp_x", 1.0)], run.Values);
        Assert.Equal(2, run.Calls);
    }

    [Fact]
    public void The_end_inside_a_block_discards_the_partial_block()
    {
        var arguments = new WorkloadParserArguments { Separator = "---" };
        var run = ParserRun.Of(new DefaultRegexParser(), "x=4 y=5\n---\nz=2 w=5\n", arguments);
        Assert.Equal([("x", 4.0), ("y", 5.0)], run.Values);
        Assert.Equal(2, run.Calls);
    }

    [Fact]
    public void The_documented_stress_ng_example_gives_the_bogo_ops_of_cpu()
    {
        // docs/wrappers.rst: stress-ng --metrics on stderr, a block per run started by "dispatching hogs".
        var arguments = new WorkloadParserArguments
        {
            Regexp = @"(?P<name>cpu)[\ ]+(?P<value>\d+)",
            Separator = ".*dispatching hogs.*",
            MetricNamePrefix = "stress_ng_bogo_ops_",
        };
        const string Output =
            "stress-ng: info:  [3001] dispatching hogs: 1 cpu\n" +
            "stress-ng: info:  [3001] successful run completed in 10.00s\n" +
            "stress-ng: info:  [3001] stressor       bogo ops real time  usr time  sys time   bogo ops/s   bogo ops/s\n" +
            "stress-ng: info:  [3001] cpu                 261     10.00      9.98      0.00        26.10        26.15\n" +
            "stress-ng: info:  [3010] dispatching hogs: 1 cpu\n";
        var run = ParserRun.Of(new DefaultRegexParser(), Output, arguments);
        Assert.Equal([("stress_ng_bogo_ops_cpu", 261.0)], run.Values);
    }

    [Theory]
    [InlineData(@"(?P<name>\w+)")]
    [InlineData(@"(?P<key>\w+)=(?P<value>\d+)")]
    public void A_regexp_without_the_name_and_value_groups_is_a_clear_error(string regexp)
    {
        using var output = WorkloadOutputs.FromText("a=1\n");
        var e = Assert.Throws<ArgumentException>(() =>
            new DefaultRegexParser().Parse(output.Reader, new WorkloadParserArguments { Regexp = regexp }, new List<Metric>()));
        Assert.Contains("--regexp", e.Message);
        Assert.Contains("name and value", e.Message);
    }

    [Theory]
    [InlineData("(?P<name>\\w+", null, "--regexp")]
    [InlineData(null, "[---", "--separator")]
    public void An_invalid_pattern_names_its_option(string? regexp, string? separator, string option)
    {
        using var output = WorkloadOutputs.FromText("a=1\n");
        var arguments = new WorkloadParserArguments { Regexp = regexp ?? WorkloadParserArguments.DefaultRegexp, Separator = separator };
        var e = Assert.Throws<ArgumentException>(() => new DefaultRegexParser().Parse(output.Reader, arguments, new List<Metric>()));
        Assert.StartsWith(option, e.Message);
    }

    [Fact]
    public void Validate_reports_a_wrong_pattern_before_the_workload_starts()
    {
        DefaultRegexParser.Validate(new WorkloadParserArguments { Separator = ".*dispatching hogs.*" });
        var e = Assert.Throws<ArgumentException>(() => DefaultRegexParser.Validate(new WorkloadParserArguments { Regexp = @"(?P<value>\d+)" }));
        Assert.StartsWith("--regexp '(?P<value>\\d+)' must define the named groups name and value", e.Message);
        e = Assert.Throws<ArgumentException>(() => DefaultRegexParser.Validate(new WorkloadParserArguments { Separator = "(" }));
        Assert.StartsWith("--separator '(' is not a valid regular expression", e.Message);
    }

    [Fact]
    public void A_wrong_pattern_still_consumes_the_output_line_by_line_and_ends_with_it()
    {
        // The wrapper logs a parser's exception and calls again: no call may throw without reading.
        var arguments = new WorkloadParserArguments { Regexp = "(" };
        using var output = WorkloadOutputs.FromText("a=1\nb=2\n");
        var parser = new DefaultRegexParser();
        var first = Assert.Throws<ArgumentException>(() => parser.Parse(output.Reader, arguments, new List<Metric>()));
        var second = Assert.Throws<ArgumentException>(() => parser.Parse(output.Reader, arguments, new List<Metric>()));
        Assert.Same(first, second);
        Assert.False(parser.Parse(output.Reader, arguments, new List<Metric>()));
        Assert.Equal("a=1\nb=2\n", output.Echoed);
    }

    [Fact]
    public void Repeated_names_share_one_descriptor()
    {
        var run = ParserRun.Of(new DefaultRegexParser(), "x=1\nx=2\n");
        Assert.Same(run.Batches[0][0].Descriptor, run.Batches[1][0].Descriptor);
    }
}

using System.Text;
using Wca.Api;
using Wca.Api.Wrapper;
using Wca.Tests.TestSupport;
using Wca.Wrapper;

namespace Wca.Tests.Wrapper;

/// <summary>A parser of one's own (wrapper.md §11) run by the whole wrapper through its public entry point.</summary>
public sealed class WorkloadWrapperTests
{
    /// <summary>Reads "requests served: N" lines: a workload no built-in parser knows.</summary>
    private sealed class ServedParser : IWorkloadParser
    {
        private static readonly MetricDescriptor Served = new("served", MetricType.Counter, "Requests served");

        public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
        {
            if (output.ReadLine() is not { } line) return false;
            const string prefix = "requests served: ";
            if (line.StartsWith(prefix, StringComparison.Ordinal) && double.TryParse(line.AsSpan(prefix.Length).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var n))
                batch.Add(new Metric(Served, n, arguments.Labels));
            return true;
        }
    }

    [Fact]
    public void An_executable_of_ones_own_runs_its_parser_with_the_wrappers_command_line_and_storage()
    {
        using var directory = new TestDirectory();
        var output = directory.File("apms.prom");

        var status = WorkloadWrapper.Run(
            ["--command", "printf 'requests served: 5\\nnoise\\nrequests served: 7\\n'", "--labels", "{'workload':'mine'}", "--storage_output_filename", output],
            "served", () => new ServedParser());

        Assert.Equal(0, status);
        var text = File.ReadAllText(output, Encoding.UTF8);
        Assert.Contains("# TYPE served counter", text);
        Assert.Matches(@"served\{workload=""mine""\} 5 \d+", text);
        Assert.Matches(@"served\{workload=""mine""\} 7 \d+", text);
        // One store per batch, appended (the mid-2019 file format): each batch is a valid exposition of its own.
        var batches = text.Split("# HELP ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, batches.Length);
        foreach (var batch in batches) Promtool.AssertParses("# HELP " + batch);
    }

    [Fact]
    public void A_name_of_a_built_in_parser_is_refused_and_the_built_in_ones_stay_selectable()
    {
        Assert.Throws<ArgumentException>(() => WorkloadWrapper.ParsersWith("specjbb", () => new ServedParser(), null));
        var parsers = WorkloadWrapper.ParsersWith("served", () => new ServedParser(), null);
        Assert.Equal("served", parsers[0].Name);
        Assert.Contains(parsers, p => p.Name == "stress_ng");
    }
}

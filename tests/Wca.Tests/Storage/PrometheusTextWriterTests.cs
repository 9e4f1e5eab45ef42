using System.Buffers;
using System.Text;
using Wca.Api;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage;

public sealed class PrometheusTextWriterTests
{
    private static string Write(MetricBatch batch, bool includeTimestamp)
    {
        var output = new ArrayBufferWriter<byte>();
        new PrometheusTextWriter().Write(batch, includeTimestamp, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Groups_interleaved_samples_by_name_escapes_and_matches_the_text_format_byte_for_byte()
    {
        var foo = new MetricDescriptor("foo", MetricType.Counter, "foo \\ help\nline 2 \"quoted\"");
        var bar = new MetricDescriptor("bar", MetricType.Gauge, "bar-help");
        var raw = new MetricDescriptor("raw_value");
        var batch = new MetricBatch { TimestampMilliseconds = 1531729598000 };
        batch.Add(foo, 1, LabelSet.From(("a", "3")));
        batch.Add(bar, 89, LabelSet.Empty);
        batch.Add(foo, 2, LabelSet.From(("a", "20"), ("host", "nodé-1")));
        batch.Add(raw, 0.5, LabelSet.Empty);
        // Another descriptor instance of an existing name joins that name's block.
        batch.Add(Metric.Gauge("bar", 1.5, LabelSet.From(("k", "va\"l\\ue\nx"))));

        var text = Write(batch, includeTimestamp: true);

        Assert.Equal(
            "# HELP bar bar-help\n" +
            "# TYPE bar gauge\n" +
            "bar 89 1531729598000\n" +
            "bar{k=\"va\\\"l\\\\ue\\nx\"} 1.5 1531729598000\n" +
            "\n" +
            "# HELP foo foo \\\\ help\\nline 2 \"quoted\"\n" +
            "# TYPE foo counter\n" +
            "foo{a=\"3\"} 1 1531729598000\n" +
            "foo{a=\"20\",host=\"nodé-1\"} 2 1531729598000\n" +
            "\n" +
            "raw_value 0.5 1531729598000\n",
            text);
        Promtool.AssertParses(text);
    }

    [Fact]
    public void Leaves_timestamps_out_when_asked_and_writes_nothing_for_an_empty_batch()
    {
        var batch = new MetricBatch { TimestampMilliseconds = 1 };
        Assert.Equal("", Write(batch, includeTimestamp: true));
        batch.Add(new MetricDescriptor("up", MetricType.Gauge), 1, LabelSet.Empty);
        Assert.Equal("# TYPE up gauge\nup 1\n", Write(batch, includeTimestamp: false));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-5.0, "-5")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e18, "1000000000000000000")]
    [InlineData(-9223372036854775808.0, "-9223372036854775808")]
    [InlineData(9223372036854775808.0, "9.223372036854776e+18")]
    [InlineData(1e19, "1e+19")]
    [InlineData(-1e300, "-1e+300")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1554139418.146581, "1554139418.146581")]
    [InlineData(double.Epsilon, "5e-324")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Formats_values_as_integers_shortest_round_trip_or_Prometheus_specials(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[40];
        var n = PrometheusTextWriter.FormatValue(value, buffer);
        var text = Encoding.ASCII.GetString(buffer[..n]);
        Assert.Equal(expected, text);
        if (!double.IsNaN(value))
            Assert.Equal(value, double.Parse(text.Replace("Inf", "Infinity", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Negative_zero_is_written_as_zero()
    {
        Span<byte> buffer = stackalloc byte[40];
        Assert.Equal("0"u8, buffer[..PrometheusTextWriter.FormatValue(-0.0, buffer)]);
    }

    [Fact]
    public void Every_kind_of_value_is_accepted_by_promtool()
    {
        var gauge = new MetricDescriptor("wca_test_value", MetricType.Gauge, "values");
        var batch = new MetricBatch { TimestampMilliseconds = 1700000000123 };
        double[] values = [0, -0.0, 1e15, 1e18, 1e19, 9223372036854775808.0, -1e300, 0.1, 1e-05, double.Epsilon, double.NaN,
            double.PositiveInfinity, double.NegativeInfinity, 1554139418.146581];
        for (var i = 0; i < values.Length; i++) batch.Add(gauge, values[i], LabelSet.From(("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var text = Write(batch, includeTimestamp: true);
        Assert.Equal(values.Length + 2, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Promtool.AssertParses(text);
    }

    [Theory]
    [InlineData("1bad", "a")]
    [InlineData("bad-name", "a")]
    [InlineData("good", "bad-label")]
    [InlineData("good", "__reserved")]
    public void Refuses_names_Prometheus_cannot_parse(string name, string label)
    {
        var batch = new MetricBatch();
        batch.Add(new MetricDescriptor(name), 1, LabelSet.From((label, "v")));
        Assert.Throws<FormatException>(() => Write(batch, includeTimestamp: false));
    }

    [Fact]
    public void Steady_state_writes_allocate_nothing()
    {
        var descriptors = Enumerable.Range(0, 20).Select(i => new MetricDescriptor($"m{i}", MetricType.Gauge, "help")).ToArray();
        var labels = Enumerable.Range(0, 50).Select(t => LabelSet.From(("task_id", $"t{t}"), ("host", "h"))).ToArray();
        var batch = new MetricBatch { TimestampMilliseconds = 1700000000000 };
        foreach (var l in labels)
            foreach (var d in descriptors) batch.Add(d, 1.25, l);
        var writer = new PrometheusTextWriter();
        var output = new ArrayBufferWriter<byte>(1 << 20);
        writer.Write(batch, true, output);
        var firstLength = output.WrittenCount;
        output.ResetWrittenCount();

        var before = GC.GetAllocatedBytesForCurrentThread();
        writer.Write(batch, true, output);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(firstLength, output.WrittenCount);
        Assert.Equal(0, allocated);
    }
}

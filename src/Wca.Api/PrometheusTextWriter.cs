using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Wca.Api;

/// <summary>
/// Writes a package in the Prometheus text exposition format 0.0.4: one HELP/TYPE block per metric
/// name (names in ordinal order, a blank line between blocks), the samples of a name in batch order
/// (the runner orders tasks with <see cref="LabelOrder"/>), optional millisecond timestamps.
/// Grouping is a counting sort over reused arrays, the constant text comes from the encoding
/// caches: a steady-state write allocates nothing. Not thread-safe: one writer per storage. The agent's own
/// storages use it; so can a plugin's.
/// </summary>
public sealed class PrometheusTextWriter
{
    private readonly Dictionary<MetricDescriptor, int> _groupOfDescriptor = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _groupOfName = new(StringComparer.Ordinal);
    private Group[] _groups = new Group[64];
    private int[] _groupOrder = new int[64];
    private int[] _metricGroup = new int[1024];
    private int[] _order = new int[1024];
    // The label block written at each output position last time and the label set it encodes. The runner hands
    // the same label set instances in the same order every iteration, so the steady state reads blocks from here,
    // in order, instead of following each set to its cached encoding (two cache misses a line at 1000 tasks).
    private Written[] _written = new Written[1024];

    private readonly record struct Written(LabelSet Labels, byte[] Block);

    /// <summary>
    /// The mid-2019 workload wrapper's text (wca-wrapper): samples of a name sorted by their labels (LabelOrder), Python
    /// float values (PythonFloatText; integral counters as integers) and an empty line after every name's block.
    /// </summary>
    internal bool WrapperDialect { get; init; }

    private struct Group
    {
        public PrometheusEncoding.Descriptor Encoded;
        public string Name;
        public int Count;
        public int Next;
    }

    /// <summary>Appends the text of <paramref name="package"/> to <paramref name="output"/>.</summary>
    /// <param name="package">The metrics.</param>
    /// <param name="includeTimestamp">Whether every sample carries the package's timestamp (milliseconds).</param>
    /// <param name="output">Where the UTF-8 text goes.</param>
    /// <exception cref="FormatException">A metric or label name is not valid in Prometheus.</exception>
    public void Write(MetricPackage package, bool includeTimestamp, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(package);
        Write(package.Batch, includeTimestamp, output);
    }

    /// <summary>The text of <paramref name="package"/> as a string (convenient, allocates; storages on the hot path use the buffer overload).</summary>
    /// <param name="package">The metrics.</param>
    /// <param name="includeTimestamp">Whether every sample carries the package's timestamp (milliseconds).</param>
    public static string Format(MetricPackage package, bool includeTimestamp)
    {
        var output = new ArrayBufferWriter<byte>();
        new PrometheusTextWriter().Write(package, includeTimestamp, output);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    internal void Write(MetricBatch batch, bool includeTimestamp, IBufferWriter<byte> output)
    {
        var metrics = batch.AsSpan();
        var groupCount = GroupByName(metrics);

        Span<byte> timestamp = stackalloc byte[24];
        var timestampLength = 0;
        if (includeTimestamp)
        {
            timestamp[0] = (byte)' ';
            batch.TimestampMilliseconds.TryFormat(timestamp[1..], out timestampLength, default, CultureInfo.InvariantCulture);
            timestampLength++;
        }

        var position = 0;
        for (var o = 0; o < groupCount; o++)
        {
            ref var group = ref _groups[_groupOrder[o]];
            if (o > 0 && !WrapperDialect) Write(output, "\n"u8);
            Write(output, group.Encoded.Header);
            var name = group.Encoded.Name;
            for (var end = position + group.Count; position < end; position++)
            {
                ref readonly var metric = ref metrics[_order[position]];
                ref var written = ref _written[position];
                if (!ReferenceEquals(written.Labels, metric.Labels))
                    written = new Written(metric.Labels, PrometheusEncoding.Of(metric.Labels, metric.Descriptor.Name).Block);
                var labels = written.Block;
                var line = output.GetSpan(name.Length + labels.Length + 34 + timestampLength);
                name.CopyTo(line);
                var n = name.Length;
                labels.CopyTo(line[n..]);
                n += labels.Length;
                line[n++] = (byte)' ';
                n += WrapperDialect
                    ? PythonFloatText.Format(metric.Value, metric.Descriptor.Type == MetricType.Counter, line[n..])
                    : FormatValue(metric.Value, line[n..]);
                timestamp[..timestampLength].CopyTo(line[n..]);
                n += timestampLength;
                line[n++] = (byte)'\n';
                output.Advance(n);
            }
            if (WrapperDialect) Write(output, "\n"u8);
        }
    }

    /// <summary>Fills _order with metric indices grouped by name (groups in name order, batch order inside).</summary>
    private int GroupByName(ReadOnlySpan<Metric> metrics)
    {
        _groupOfDescriptor.Clear();
        _groupOfName.Clear();
        if (_metricGroup.Length < metrics.Length)
        {
            _metricGroup = new int[Math.Max(metrics.Length, _metricGroup.Length * 2)];
            _order = new int[_metricGroup.Length];
            _written = new Written[_metricGroup.Length];
        }
        var groupCount = 0;
        for (var i = 0; i < metrics.Length; i++)
        {
            var descriptor = metrics[i].Descriptor;
            ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(_groupOfDescriptor, descriptor, out var known);
            if (!known)
            {
                // Several descriptor instances may share a name (Metric.Gauge makes one per call).
                ref var byName = ref CollectionsMarshal.GetValueRefOrAddDefault(_groupOfName, descriptor.Name, out var named);
                if (!named)
                {
                    if (groupCount == _groups.Length)
                    {
                        Array.Resize(ref _groups, groupCount * 2);
                        Array.Resize(ref _groupOrder, groupCount * 2);
                    }
                    _groups[groupCount] = new Group { Encoded = PrometheusEncoding.Of(descriptor), Name = descriptor.Name };
                    _groupOrder[groupCount] = groupCount;
                    byName = groupCount++;
                }
                group = byName;
            }
            _metricGroup[i] = group;
            _groups[group].Count++;
        }

        // Insertion sort: a few dozen names, and Span.Sort with a comparer allocates.
        for (var i = 1; i < groupCount; i++)
        {
            var g = _groupOrder[i];
            var j = i - 1;
            for (; j >= 0 && string.CompareOrdinal(_groups[_groupOrder[j]].Name, _groups[g].Name) > 0; j--)
                _groupOrder[j + 1] = _groupOrder[j];
            _groupOrder[j + 1] = g;
        }
        var start = 0;
        for (var o = 0; o < groupCount; o++)
        {
            ref var group = ref _groups[_groupOrder[o]];
            group.Next = start;
            start += group.Count;
        }
        for (var i = 0; i < metrics.Length; i++) _order[_groups[_metricGroup[i]].Next++] = i;
        if (WrapperDialect) SortGroupsByLabels(metrics, groupCount);
        return groupCount;
    }

    /// <summary>Stable insertion sort of each name's samples by their labels (a wrapper batch holds a few metrics).</summary>
    private void SortGroupsByLabels(ReadOnlySpan<Metric> metrics, int groupCount)
    {
        for (var o = 0; o < groupCount; o++)
        {
            ref var group = ref _groups[_groupOrder[o]];
            var start = group.Next - group.Count;
            for (var i = start + 1; i < group.Next; i++)
            {
                var m = _order[i];
                var j = i - 1;
                for (; j >= start && LabelOrder.Compare(metrics[_order[j]].Labels, metrics[m].Labels) > 0; j--) _order[j + 1] = _order[j];
                _order[j + 1] = m;
            }
        }
    }

    /// <summary>
    /// NaN, +Inf, -Inf as Prometheus spells them; integral values within ±2^63 as exact integers
    /// (no ".0", no exponent); everything else the shortest round-trip form with a lowercase "e".
    /// </summary>
    internal static int FormatValue(double value, Span<byte> destination)
    {
        if (double.IsNaN(value)) return Copy("NaN"u8, destination);
        if (double.IsPositiveInfinity(value)) return Copy("+Inf"u8, destination);
        if (double.IsNegativeInfinity(value)) return Copy("-Inf"u8, destination);
        int n;
        if (value == Math.Floor(value) && value >= -9223372036854775808.0 && value < 9223372036854775808.0)
        {
            ((long)value).TryFormat(destination, out n, default, CultureInfo.InvariantCulture);
            return n;
        }
        value.TryFormat(destination, out n, default, CultureInfo.InvariantCulture);
        var e = destination[..n].IndexOf((byte)'E');
        if (e >= 0) destination[e] = (byte)'e';
        return n;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}

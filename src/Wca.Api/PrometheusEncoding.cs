using System.Buffers;
using System.Text;

namespace Wca.Api;

/// <summary>
/// The UTF-8 pieces of the Prometheus text format that never change for a descriptor or a label set,
/// encoded (and validated) once and kept in their EncodingCache slots.
/// </summary>
internal static class PrometheusEncoding
{
    /// <summary>A descriptor's encoded name and its "# HELP"/"# TYPE" header.</summary>
    internal sealed class Descriptor(byte[] name, byte[] header)
    {
        public byte[] Name { get; } = name;
        public byte[] Header { get; } = header;
    }

    /// <summary>A label set's encoded block: <c>{k="v",...}</c>, or nothing when empty.</summary>
    internal sealed class Labels(byte[] block)
    {
        public byte[] Block { get; } = block;
    }

    public static Descriptor Of(MetricDescriptor descriptor)
    {
        if (descriptor.EncodingCache is Descriptor cached) return cached;
        if (!IsMetricName(descriptor.Name)) throw new FormatException($"Wrong metric name {descriptor.Name}.");
        var header = new ArrayBufferWriter<byte>(128);
        if (!string.IsNullOrEmpty(descriptor.Help))
        {
            Append(header, "# HELP ");
            Append(header, descriptor.Name);
            Append(header, " ");
            AppendEscaped(header, descriptor.Help, escapeQuotes: false);
            Append(header, "\n");
        }
        if (descriptor.Type != MetricType.Untyped)
        {
            Append(header, "# TYPE ");
            Append(header, descriptor.Name);
            Append(header, descriptor.Type == MetricType.Counter ? " counter\n" : " gauge\n");
        }
        var encoded = new Descriptor(Encoding.UTF8.GetBytes(descriptor.Name), header.WrittenSpan.ToArray());
        descriptor.EncodingCache = encoded;
        return encoded;
    }

    public static Labels Of(LabelSet labels, string metricName)
    {
        if (labels.EncodingCache is Labels cached) return cached;
        var block = new ArrayBufferWriter<byte>(64);
        var first = true;
        foreach (var (key, value) in labels.Pairs)
        {
            if (!IsLabelName(key)) throw new FormatException($"Used wrong label name {key} in metric {metricName}.");
            if (key.StartsWith("__", StringComparison.Ordinal)) throw new FormatException($"Used reserved label name {key} in metric {metricName}.");
            Append(block, first ? "{" : ",");
            first = false;
            Append(block, key);
            Append(block, "=\"");
            AppendEscaped(block, value, escapeQuotes: true);
            Append(block, "\"");
        }
        if (!first) Append(block, "}");
        var encoded = new Labels(block.WrittenSpan.ToArray());
        labels.EncodingCache = encoded;
        return encoded;
    }

    /// <summary>^[a-zA-Z_:][a-zA-Z0-9_:]*$</summary>
    public static bool IsMetricName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':')) return false;
        return true;
    }

    /// <summary>^[a-zA-Z_][a-zA-Z0-9_]*$</summary>
    public static bool IsLabelName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    private static void Append(ArrayBufferWriter<byte> output, string text)
    {
        var n = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        output.Advance(n);
    }

    /// <summary>Backslash and newline always; double quote in label values only (HELP keeps it).</summary>
    private static void AppendEscaped(ArrayBufferWriter<byte> output, string text, bool escapeQuotes)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var escaped = text[i] switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '"' when escapeQuotes => "\\\"",
                _ => null,
            };
            if (escaped is null) continue;
            Append(output, text[start..i]);
            Append(output, escaped);
            start = i + 1;
        }
        Append(output, text[start..]);
    }
}

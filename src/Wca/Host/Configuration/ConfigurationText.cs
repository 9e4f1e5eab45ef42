using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Wca.Host.Configuration;

/// <summary>
/// Reads a configuration file's bytes as UTF-8 text within <see cref="ConfigurationLimits.MaxFileBytes"/>, and says where
/// the file is not UTF-8 instead of replacing what it cannot decode.
/// </summary>
internal static class ConfigurationText
{
    /// <summary>The text of <paramref name="file"/>; throws <see cref="ConfigurationException"/> for a file too large or not UTF-8.</summary>
    public static string Read(string file)
    {
        byte[] bytes;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan))
        {
            // Length may be 0 for /proc-like files or pipes: read at most one byte past the limit either way.
            bytes = ReadAtMost(stream, ConfigurationLimits.MaxFileBytes + 1);
            if (bytes.Length > ConfigurationLimits.MaxFileBytes) throw TooLarge(file, stream);
        }
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        else if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw Error(file, 1, 1, "the file is UTF-16 encoded: save it as UTF-8");
        var chars = new char[span.Length];
        var status = Utf8.ToUtf16(span, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var (line, column) = Position(span[..bytesRead]);
            throw Error(file, line, column,
                $"invalid UTF-8 at byte offset {bytesRead + (bytes.Length - span.Length)} (byte 0x{span[bytesRead]:X2}): the file must be UTF-8 text");
        }
        return new string(chars, 0, charsWritten);
    }

    private static byte[] ReadAtMost(Stream stream, int limit)
    {
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length == limit) break;
                Array.Resize(ref buffer, Math.Min(limit, buffer.Length * 2));
            }
            var n = stream.Read(buffer, length, buffer.Length - length);
            if (n == 0) break;
            length += n;
        }
        return length == buffer.Length ? buffer : buffer[..length];
    }

    /// <summary>Names the file's size and its longest line, read in chunks so the check itself stays small.</summary>
    private static ConfigurationException TooLarge(string file, FileStream stream)
    {
        stream.Position = 0;
        var chunk = new byte[64 * 1024];
        long size = 0, lineLength = 0, longest = 0;
        int line = 1, longestLine = 1;
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            size += n;
            foreach (var b in chunk.AsSpan(0, n))
            {
                if (b == '\n')
                {
                    line++;
                    lineLength = 0;
                    continue;
                }
                if (++lineLength > longest)
                {
                    longest = lineLength;
                    longestLine = line;
                }
            }
        }
        return Error(file, longestLine, 1, string.Create(CultureInfo.InvariantCulture,
            $"the file is {size:N0} bytes, more than the limit of {ConfigurationLimits.MaxFileBytes:N0} bytes for a configuration file (its longest line, line {longestLine}, has {longest:N0} bytes)"));
    }

    /// <summary>1-based line and column (in characters) just after <paramref name="valid"/>.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> valid)
    {
        var lastNewline = valid.LastIndexOf((byte)'\n');
        var line = valid.Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(valid[(lastNewline + 1)..]) + 1;
        return (line, column);
    }

    private static ConfigurationException Error(string file, int line, int column, string message) =>
        new(ConfigurationErrors.Format(file, line, column, null, message), file, null, line, column);
}

using System.Text;

namespace Wca.Api.Wrapper;

/// <summary>
/// <see cref="IWorkloadOutput"/> over a byte stream (the child's pipe, or a fixture file in a parser's test), echoing
/// to another stream. The wrapper uses it; a plugin's tests can too.
/// </summary>
/// <remarks>
/// Echoed bytes are buffered and handed to the echo stream whenever the reader would wait for the workload (and on
/// <see cref="Dispose"/>), so a burst costs one write instead of one per line and a quiet workload's last line is never
/// held back. Memory is one buffer: a line longer than <see cref="MaxLineBytes"/> is returned in pieces of that size.
/// </remarks>
public sealed class WorkloadOutputReader : IWorkloadOutput, IDisposable
{
    /// <summary>The longest line returned whole (bytes); longer ones come in pieces.</summary>
    public const int MaxLineBytes = 1 << 20;

    private readonly Stream _source;
    private readonly Stream? _echo;
    private readonly bool _ownsSource;
    // Invalid bytes decode to U+FFFD (the original's strict decoding ended the wrapper); the echo keeps the raw bytes.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _endOfStream;
    private readonly byte[] _echoBuffer = new byte[64 * 1024];
    private int _echoed;

    /// <param name="source">The workload's stream, read from its current position.</param>
    /// <param name="echo">Where every line read is echoed; null = nowhere.</param>
    /// <param name="ownsSource">Whether <see cref="Dispose"/> disposes <paramref name="source"/>.</param>
    public WorkloadOutputReader(Stream source, Stream? echo, bool ownsSource = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _echo = echo;
        _ownsSource = ownsSource;
    }

    /// <inheritdoc/>
    public long LinesRead { get; private set; }

    /// <inheritdoc/>
    public string? ReadLine() => Next();

    /// <inheritdoc/>
    public string? ReadLine(string endMarker)
    {
        ArgumentNullException.ThrowIfNull(endMarker);
        var line = Next();
        return line is null || string.Equals(line, endMarker, StringComparison.Ordinal) ? null : line;
    }

    private string? Next()
    {
        var scanFrom = _start;
        while (true)
        {
            var pending = _buffer.AsSpan(scanFrom, _end - scanFrom);
            var at = pending.IndexOfAny((byte)'\n', (byte)'\r');
            if (at >= 0)
            {
                var terminator = scanFrom + at;
                if (_buffer[terminator] == (byte)'\n') return Take(terminator - _start, 1);
                // A '\r' followed by '\n' is one terminator: wait for the next byte before deciding.
                if (terminator + 1 < _end) return Take(terminator - _start, _buffer[terminator + 1] == (byte)'\n' ? 2 : 1);
                if (_endOfStream) return Take(terminator - _start, 1);
            }
            else
            {
                if (_end - _start >= MaxLineBytes) return Take(_end - _start, 0);
                if (_endOfStream) return _end > _start ? Take(_end - _start, 0) : null;
            }
            scanFrom = Math.Max(_start, _end - (at >= 0 ? 1 : 0));
            var shift = _start;
            Fill();
            scanFrom -= shift;
        }
    }

    /// <summary>Reads more bytes after the unconsumed ones (moving them to the front, growing the buffer if full).</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineBytes + 2));
        FlushEcho();
        var n = _source.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _endOfStream = true;
        _end += n;
    }

    /// <summary>The line of <paramref name="length"/> bytes at the start, dropping its terminator of <paramref name="terminatorLength"/> bytes.</summary>
    private string Take(int length, int terminatorLength)
    {
        var offset = _start;
        var content = _buffer.AsSpan(offset, length);
        _start += length + terminatorLength;
        LinesRead++;
        var newline = terminatorLength > 0;
        Echo(content, newline);
        if (!newline) return Utf8.GetString(content);
        return string.Create(Utf8.GetCharCount(content) + 1, (_buffer, offset, length), static (chars, line) =>
        {
            Utf8.GetChars(line._buffer.AsSpan(line.offset, line.length), chars);
            chars[^1] = '\n';
        });
    }

    private void Echo(ReadOnlySpan<byte> content, bool newline)
    {
        if (_echo is null) return;
        var needed = content.Length + (newline ? 1 : 0);
        if (_echoBuffer.Length - _echoed < needed) FlushEcho();
        if (needed > _echoBuffer.Length)
        {
            _echo.Write(content);
            if (newline) _echo.WriteByte((byte)'\n');
            return;
        }
        content.CopyTo(_echoBuffer.AsSpan(_echoed));
        _echoed += content.Length;
        if (newline) _echoBuffer[_echoed++] = (byte)'\n';
    }

    /// <summary>Hands the echoed lines to the echo stream (the reader does it itself before it waits).</summary>
    public void FlushEcho()
    {
        if (_echo is null || _echoed == 0) return;
        _echo.Write(_echoBuffer, 0, _echoed);
        _echo.Flush();
        _echoed = 0;
    }

    /// <summary>Flushes the echo; disposes the source if owned.</summary>
    public void Dispose()
    {
        FlushEcho();
        if (_ownsSource) _source.Dispose();
    }
}

using System.Text;
using Microsoft.Extensions.Logging;

namespace Wca.Host.Logging;

/// <summary>
/// Writes one line per record in the reference's format
/// <c>2019-06-14 21:51:17,859 WARNING  {MainThread} [wca.main] message</c> (local time, level padded to 8).
/// One lock, one buffered writer flushed after every record, so lines from several threads never interleave
/// and a crash loses nothing already logged.
/// </summary>
public sealed class LogLineWriter : IDisposable
{
    private const string Reset = "\e[0m";

    private readonly object _lock = new();
    private readonly TextWriter _out;
    private readonly bool _ownsWriter;
    private readonly bool _colors;
    private readonly TimeProvider _time;
    // Timestamp "yyyy-MM-dd HH:mm:ss,fff" is formatted into this buffer under the lock: no allocation.
    private readonly char[] _stamp = new char[23];
    private bool _disposed;

    /// <param name="output">Destination; the writer is disposed with this instance when <paramref name="ownsWriter"/>.</param>
    /// <param name="colors">ANSI colours as in the reference (only sensible on a terminal).</param>
    public LogLineWriter(TextWriter output, bool ownsWriter, bool colors = false, TimeProvider? time = null)
    {
        _out = output;
        _ownsWriter = ownsWriter;
        _colors = colors;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A writer on stdout (coloured when stdout is a terminal), stderr, or a file opened for appending.</summary>
    /// <param name="destination">null or "stdout", "stderr", or a file path.</param>
    public static LogLineWriter Open(string? destination, TimeProvider? time = null)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        switch (destination)
        {
            case null or "" or "stdout" or "-":
                return new LogLineWriter(new StreamWriter(Console.OpenStandardOutput(), utf8, 4096), true, !Console.IsOutputRedirected, time);
            case "stderr":
                return new LogLineWriter(new StreamWriter(Console.OpenStandardError(), utf8, 4096), true, false, time);
            default:
                var file = new FileStream(destination, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
                return new LogLineWriter(new StreamWriter(file, utf8, 4096), true, false, time);
        }
    }

    public void Write(LogLevel level, string module, string message, Exception? exception)
    {
        var thread = ThreadNames.Current;
        lock (_lock)
        {
            if (_disposed) return;
            FormatTimestamp(_time.GetLocalNow().DateTime);
            _out.Write(_stamp);
            _out.Write(' ');
            if (_colors) _out.Write(ColorOf(level));
            var name = LogLevelNames.Name(level);
            _out.Write(name);
            if (_colors) _out.Write(Reset);
            for (var i = name.Length; i < 8; i++) _out.Write(' ');
            _out.Write(_colors ? " \e[36m{" : " {");
            _out.Write(thread);
            _out.Write(_colors ? "}\e[0m \e[34m[" : "} [");
            _out.Write(module);
            _out.Write(_colors ? "]\e[0m " : "] ");
            _out.Write(message);
            if (exception is not null)
            {
                _out.Write('\n');
                _out.Write(exception.ToString());
            }
            _out.Write('\n');
            _out.Flush();
        }
    }

    private void FormatTimestamp(DateTime t)
    {
        var s = _stamp.AsSpan();
        Digits(s[..4], t.Year);
        s[4] = '-'; Digits(s.Slice(5, 2), t.Month);
        s[7] = '-'; Digits(s.Slice(8, 2), t.Day);
        s[10] = ' '; Digits(s.Slice(11, 2), t.Hour);
        s[13] = ':'; Digits(s.Slice(14, 2), t.Minute);
        s[16] = ':'; Digits(s.Slice(17, 2), t.Second);
        s[19] = ','; Digits(s.Slice(20, 3), t.Millisecond);
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
    }

    private static string ColorOf(LogLevel level) => level switch
    {
        LogLevel.Critical => "\e[1;31m",
        LogLevel.Error => "\e[31m",
        LogLevel.Warning => "\e[33m",
        LogLevel.Information => "\e[32m",
        LogLevel.Debug => "\e[37m",
        _ => "\e[36m",
    };

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _out.Flush();
            if (_ownsWriter) _out.Dispose();
        }
    }
}

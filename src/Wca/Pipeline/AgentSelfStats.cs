using System.Buffers.Text;
using Microsoft.Win32.SafeHandles;

namespace Wca.Pipeline;

/// <summary>The agent's own resident memory (now and peak) from /proc/self/status, read with a kept-open descriptor.</summary>
public sealed class AgentSelfStats : IDisposable
{
    private readonly SafeFileHandle? _status;
    private readonly byte[] _buffer = new byte[4096];

    public AgentSelfStats(string procRoot)
    {
        try { _status = File.OpenHandle(Path.Combine(procRoot, "self/status")); }
        catch (IOException) { _status = null; }
        catch (UnauthorizedAccessException) { _status = null; }
    }

    /// <summary>(current RSS, peak RSS) in bytes; zeros when unreadable.</summary>
    public (long Rss, long PeakRss) Read()
    {
        if (_status is null) return (0, 0);
        int n;
        try { n = RandomAccess.Read(_status, _buffer, 0); }
        catch (IOException) { return (0, 0); }
        ReadOnlySpan<byte> text = _buffer.AsSpan(0, n);
        return (KiloBytes(text, "VmRSS:"u8) * 1024, KiloBytes(text, "VmHWM:"u8) * 1024);
    }

    private static long KiloBytes(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key)
    {
        var i = text.IndexOf(key);
        if (i < 0) return 0;
        var rest = text[(i + key.Length)..].TrimStart(" \t"u8);
        return Utf8Parser.TryParse(rest, out long kb, out _) ? kb : 0;
    }

    public void Dispose() => _status?.Dispose();
}

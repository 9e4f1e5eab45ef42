using System.Buffers.Text;
using Wca.Kernel;

namespace Wca.Pipeline;

/// <summary>The agent's own resident memory (now and peak) from /proc/self/status, read with a kept-open descriptor.</summary>
public sealed class AgentSelfStats : IDisposable
{
    private readonly KernelFile? _status;

    public AgentSelfStats(string procRoot) => _status = KernelFile.TryOpen(Path.Combine(procRoot, "self/status"), 4096);

    /// <summary>(current RSS, peak RSS) in bytes; zeros when unreadable.</summary>
    public (long Rss, long PeakRss) Read()
    {
        if (_status is null || _status.Read(out var text) < 0) return (0, 0);
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

using Microsoft.Win32.SafeHandles;

namespace Wca.Kernel;

/// <summary>
/// A /proc or /sys file kept open for the agent's lifetime and re-read from offset 0 with pread into
/// a reused buffer: no open/close and no allocation per iteration (the kernel regenerates the text
/// on every read at offset 0).
/// </summary>
internal sealed class KernelFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private byte[] _buffer;

    private KernelFile(string path, SafeFileHandle handle, int initialSize)
    {
        Path = path;
        _handle = handle;
        _buffer = new byte[initialSize];
    }

    public string Path { get; }

    /// <summary>Opens <paramref name="path"/>, or returns null when it does not exist or cannot be opened.</summary>
    public static KernelFile? TryOpen(string path, int initialSize = 4096)
    {
        try
        {
            return new KernelFile(path, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), initialSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The whole current content; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> Read()
    {
        var total = 0;
        while (true)
        {
            if (total == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var n = RandomAccess.Read(_handle, _buffer.AsSpan(total), total);
            if (n <= 0) return _buffer.AsSpan(0, total);
            total += n;
        }
    }

    public void Dispose() => _handle.Dispose();
}

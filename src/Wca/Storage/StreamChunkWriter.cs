using System.Buffers;

namespace Wca.Storage;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that passes bytes on to a stream through one fixed buffer, so writing a
/// package costs that buffer's memory instead of the package's size (megabytes at a thousand tasks).
/// </summary>
internal sealed class StreamChunkWriter(int capacity = 64 * 1024) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[capacity];
    private int _written;
    private Stream? _stream;

    /// <summary>Bytes handed to the stream or waiting in the buffer since <see cref="Begin"/>.</summary>
    public long Length { get; private set; }

    public void Begin(Stream stream)
    {
        _stream = stream;
        _written = 0;
        Length = 0;
    }

    public void Advance(int count)
    {
        _written += count;
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Writes what is buffered to the stream (not flushing the stream itself).</summary>
    public void Flush()
    {
        if (_written == 0) return;
        _stream!.Write(_buffer, 0, _written);
        _written = 0;
    }

    private void Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint) return;
        Flush();
        // A single line longer than the buffer (a huge label set): grow once for it.
        if (_buffer.Length < sizeHint) Array.Resize(ref _buffer, sizeHint);
    }
}

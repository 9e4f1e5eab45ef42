using System.Buffers;

namespace Wca.Storage.Prometheus;

/// <summary>
/// A growable byte buffer that keeps its array between uses: a package is rendered into one, served from it, and the
/// buffer goes back to its pool, so the steady state renders without allocating.
/// </summary>
internal sealed class RenderBuffer(int capacity = 64 * 1024) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[capacity];
    private int _written;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _written);

    public void Reset() => _written = 0;

    public void Advance(int count) => _written += count;

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

    private void Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _written + sizeHint));
    }
}

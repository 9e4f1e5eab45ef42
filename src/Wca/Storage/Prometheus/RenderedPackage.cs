namespace Wca.Storage.Prometheus;

/// <summary>
/// The text of one slot's latest package, immutable once published. A scrape leases it while it writes the bytes;
/// when a newer package replaces it, its buffer goes back to the pool as soon as the last lease ends, so a scrape
/// never reads a buffer the next iteration is rendering into.
/// </summary>
internal sealed class RenderedPackage(RenderBuffer buffer, Action<RenderBuffer> recycle)
{
    private const int Retired = 1 << 30;

    // Leases held, plus Retired once replaced.
    private int _state;

    public ReadOnlyMemory<byte> Text => buffer.Written;

    /// <summary>Takes a lease; false when the package was replaced meanwhile (read the newer one).</summary>
    public bool TryLease()
    {
        var state = Volatile.Read(ref _state);
        while ((state & Retired) == 0)
        {
            var seen = Interlocked.CompareExchange(ref _state, state + 1, state);
            if (seen == state) return true;
            state = seen;
        }
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _state) == Retired) recycle(buffer);
    }

    /// <summary>Called once, when a newer package replaced this one.</summary>
    public void Retire()
    {
        if (Interlocked.Or(ref _state, Retired) == 0) recycle(buffer);
    }
}

using Wca.Api;

namespace Wca.Storage.Prometheus;

/// <summary>
/// The latest rendered package of every slot (metrics, anomalies, allocations) one storage serves. The iteration
/// thread renders into a pooled buffer and swaps the slot's reference; a scrape leases whatever is published at that
/// moment, so it never sees half a package and never waits for an iteration.
/// </summary>
internal sealed class PublishedPackages
{
    public const int SlotCount = 3;

    private readonly RenderedPackage?[] _latest = new RenderedPackage?[SlotCount];
    private readonly Stack<RenderBuffer> _free = new();
    private readonly Action<RenderBuffer> _recycle;

    public PublishedPackages() => _recycle = Recycle;

    /// <summary>A buffer to render the next package into (reused once no scrape reads it any more).</summary>
    public RenderBuffer Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var buffer))
            {
                buffer.Reset();
                return buffer;
            }
        }
        return new RenderBuffer();
    }

    /// <summary>Makes <paramref name="rendered"/> the text served for <paramref name="kind"/>.</summary>
    public void Publish(PackageKind kind, RenderBuffer rendered)
    {
        var previous = Interlocked.Exchange(ref _latest[Slot(kind)], new RenderedPackage(rendered, _recycle));
        previous?.Retire();
    }

    /// <summary>Leases the latest package of every slot that has one; the caller releases each.</summary>
    public void Lease(Span<RenderedPackage?> leased)
    {
        for (var i = 0; i < SlotCount; i++)
        {
            RenderedPackage? package;
            do
            {
                package = Volatile.Read(ref _latest[i]);
            }
            while (package is not null && !package.TryLease());
            leased[i] = package;
        }
    }

    private static int Slot(PackageKind kind) =>
        (uint)kind < SlotCount ? (int)kind : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a runner slot");

    private void Recycle(RenderBuffer buffer)
    {
        lock (_free) _free.Push(buffer);
    }
}

namespace Wca.Pipeline;

/// <summary>
/// Keeps the agent's resident memory near its live data. The runtime sizes the gen0 budget from the CPU
/// cache (tens of MB on server parts) and only the environment can change that, so garbage from opening
/// a thousand tasks, or from slow steady-state allocation, would stay resident until the budget fills.
/// Collecting between iterations whenever <see cref="Threshold"/> bytes were allocated bounds it instead,
/// at the cost of one short pause in the sleep that follows an iteration.
/// </summary>
internal sealed class GarbageBound(long threshold = GarbageBound.DefaultThreshold)
{
    public const long DefaultThreshold = 4 << 20;

    private long _allocatedAtLastCollection = GC.GetTotalAllocatedBytes();

    public long Threshold { get; } = threshold;

    /// <summary>Collections this bound has triggered.</summary>
    public int Collections { get; private set; }

    /// <summary>Collects (compacting, returning freed memory to the system) when enough garbage may have piled up.</summary>
    public bool AfterIteration()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - _allocatedAtLastCollection < Threshold) return false;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
        Collections++;
        return true;
    }
}

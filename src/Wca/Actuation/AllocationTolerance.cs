namespace Wca.Actuation;

/// <summary>
/// When a target equals what the kernel holds: compared in the file's own units (quota µs, shares, weight), equal
/// within a relative tolerance of 0.1 %. The original compared normalized values with an absolute 0.05, which on 16
/// CPUs swallowed quota changes below 0.8 CPU; here a 2 % change on 96 CPUs is applied, and an allocator's float
/// jitter does not rewrite the file every iteration.
/// </summary>
internal static class AllocationTolerance
{
    public const double Relative = 0.001;

    /// <summary>Whether kernel values <paramref name="current"/> and <paramref name="target"/> are the same allocation.</summary>
    public static bool Same(long current, long target) =>
        current == target || Math.Abs(current - target) <= Relative * Math.Max(Math.Abs(current), Math.Abs(target));
}

namespace Wca.Measurement.Wss;

/// <summary>
/// The final release's stable working-set estimate (later-versions.md §4.8), one task's state: each cycle the growth
/// of the referenced bytes is compared with the task's memory traffic over the same cycle (RDT MBM). A cycle is
/// stable when the referenced bytes did not drop by more than 2 % and grew by less than traffic × threshold; the
/// referenced value of the first stable cycle in a row is kept. When the row reaches |stable cycles| the estimate
/// is (first + current) / 2, made once per row (later cycles are not checked until a reset restarts tracking) and
/// reported from then on, also across resets. A cycle without a base (the first, the first after a reset, or one
/// without a bandwidth reading) is not judged. Positive stable cycles with no cyclic reset ask for a reset once
/// stable (reset-on-stable); negative ones never do.
/// </summary>
internal sealed class WssStability(int stableCycles, double membwThreshold, bool resetOnStable)
{
    // "Sometimes referenced for some unknown reason goes down" (the original): a small drop does not break the row.
    private const double ToleratedDrop = 0.02;
    private readonly int _needed = Math.Abs(stableCycles);
    private readonly bool _resetOnStable = resetOnStable && stableCycles > 0;
    private double? _previous;
    private double _firstStable;

    /// <summary>Consecutive stable cycles so far (above |stable cycles| once the estimate was made for this row).</summary>
    public int StableCycles { get; private set; }

    /// <summary>The last estimate (task_working_set_size_bytes); null until the first row of stable cycles.</summary>
    public double? WorkingSetSize { get; private set; }

    /// <summary>
    /// Takes this cycle's referenced bytes and the task's memory traffic (bytes) since the previous cycle (null when
    /// unknown); true when the referenced bits should be reset now (reset-on-stable).
    /// </summary>
    public bool Observe(double referenced, long? bandwidthDelta)
    {
        if (bandwidthDelta is { } traffic && _previous is { } previous && StableCycles < _needed) Judge(referenced, previous, traffic);
        _previous = referenced;
        if (StableCycles != _needed) return false;
        WorkingSetSize = (_firstStable + referenced) / 2;
        // Above the limit: this row's estimate is made once; a reset restarts the counting.
        StableCycles++;
        return _resetOnStable;
    }

    /// <summary>The referenced bits were reset (cyclic or on stable): tracking starts again, the last estimate stays.</summary>
    public void Restart()
    {
        StableCycles = 0;
        _previous = null;
    }

    private void Judge(double referenced, double previous, long traffic)
    {
        var growth = referenced - previous;
        if (growth < 0)
        {
            if (-growth > previous * ToleratedDrop)
            {
                StableCycles = 0;
                return;
            }
            growth = 0;
        }
        if (growth < traffic * membwThreshold)
        {
            if (StableCycles == 0) _firstStable = referenced;
            StableCycles++;
        }
        else StableCycles = 0;
    }
}

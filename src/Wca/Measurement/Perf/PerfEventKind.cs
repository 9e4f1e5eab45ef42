namespace Wca.Measurement.Perf;

/// <summary>What kind of counter a task perf event needs (it decides the counter budget and the attr type).</summary>
internal enum PerfEventKind
{
    /// <summary>instructions, cycles: the kernel's generic events, on Intel fixed counters (outside the budget).</summary>
    FixedHardware,

    /// <summary>cache_misses, cache_references: generic events on programmable counters.</summary>
    Hardware,

    /// <summary>The final release's predefined raw events (per CPU model) and user raw events: programmable counters.</summary>
    Raw,

    /// <summary>Kernel software events (task_clock, context_switches ...): no PMU counter, work on any VM.</summary>
    Software,
}

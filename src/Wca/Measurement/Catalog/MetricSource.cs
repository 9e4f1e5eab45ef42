namespace Wca.Measurement.Catalog;

/// <summary>Where a metric's value comes from (documentation column).</summary>
public enum MetricSource
{
    Cgroup,
    Proc,
    Sys,
    Perf,
    PerfUncore,
    Resctrl,
    Orchestrator,
    Internal,
    Derived,
    /// <summary>dmidecode, run once at start.</summary>
    Dmi,
    /// <summary>ipmctl, run once at start.</summary>
    Ipmctl,
}

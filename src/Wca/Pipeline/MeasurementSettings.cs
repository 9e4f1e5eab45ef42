using Wca.Api;
using Wca.Measurement.Platform;

namespace Wca.Pipeline;

/// <summary>What a measurement cycle is configured with: the YAML keys every runner shares (see Runners/MeasuringRunner).</summary>
internal sealed record MeasurementSettings
{
    public required INode Node { get; init; }
    public bool? RdtEnabled { get; init; }

    /// <summary>The resctrl file operations (a test's stand-in); null = the real filesystem.</summary>
    public Wca.Kernel.Resctrl.IResctrlFileSystem? ResctrlFiles { get; init; }
    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = NodeTask.NoLabels;
    public IReadOnlyList<string> EventNames { get; init; } = [];
    public IReadOnlyList<string> UncoreEventNames { get; init; } = [];
    internal Wca.Measurement.Perf.Uncore.UncoreEventGroups UncoreEvents { get; init; } = Wca.Measurement.Perf.Uncore.UncoreEventGroups.None;
    public bool EnableDerivedMetrics { get; init; }

    /// <summary>Opens the uncore groups (a test's synthetic PMUs); null = perf_event_open.</summary>
    internal Wca.Measurement.Perf.Uncore.IUncoreGroupOpener? UncoreOpener { get; init; }

    /// <summary>perf_aggregate_cpus: task perf counters summed over CPUs (true) or one series per CPU.</summary>
    public bool PerfAggregateCpus { get; init; } = true;
    public bool IncludeOptionalLabels { get; init; }

    /// <summary>The optional platform files (vmstat, zoneinfo).</summary>
    public PlatformOptions Platform { get; init; } = PlatformOptions.Fixed;

    /// <summary>Scheduler statistics per task (/proc/&lt;tid&gt;/sched).</summary>
    public bool Sched { get; init; }

    /// <summary>The sched keys kept; null = all.</summary>
    public System.Text.RegularExpressions.Regex? SchedKeys { get; init; }

    /// <summary>Working set size per task (smaps Referenced, clear_refs); null = off.</summary>
    public Wca.Measurement.Wss.WssOptions? Wss { get; init; }

    /// <summary>Task labels derived from other task labels, by new label name.</summary>
    public IReadOnlyDictionary<string, TaskLabelRegexGenerator> TaskLabelGenerators { get; init; } =
        System.Collections.ObjectModel.ReadOnlyDictionary<string, TaskLabelRegexGenerator>.Empty;

    /// <summary>gather_hw_mm_topology: true, false, or null = auto (when dmidecode/ipmctl are on PATH).</summary>
    public bool? HwMemoryTopology { get; init; } = false;

    /// <summary>Where dmidecode and ipmctl are looked up (PATH-style); null = the process's PATH.</summary>
    public string? HwToolSearchPath { get; init; }

    /// <summary>The task metrics to produce; null = all.</summary>
    public IReadOnlySet<MetricDescriptor>? TaskMetrics { get; init; }

    /// <summary>Build the platform snapshot and each task's data every iteration (a detector or allocator reads them).</summary>
    public bool KeepTaskData { get; init; }
}

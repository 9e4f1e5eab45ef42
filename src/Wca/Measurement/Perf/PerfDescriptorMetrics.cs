using Wca.Api;
using Wca.Measurement.Catalog;
using Wca.Measurement.Perf.Uncore;

namespace Wca.Measurement.Perf;

/// <summary>
/// wca_perf_descriptors: one series per scope that is configured, task (the task counters) and uncore (the platform's
/// uncore groups), so that either can be watched alone and their sum is the agent's perf share of RLIMIT_NOFILE.
/// </summary>
internal sealed class PerfDescriptorMetrics(PerfCounterFactory? tasks, UncoreCollector? uncore, LabelSet common)
{
    public const string ScopeLabel = "scope";

    // Made once: the labels never change, the values are read every iteration.
    private readonly LabelSet _task = common.With(ScopeLabel, "task");
    private readonly LabelSet _uncore = common.With(ScopeLabel, "uncore");

    public void AppendTo(MetricBatch batch)
    {
        if (tasks is not null) batch.Add(MetricCatalog.WcaPerfDescriptors, tasks.OpenDescriptors, _task);
        if (uncore is not null) batch.Add(MetricCatalog.WcaPerfDescriptors, uncore.OpenDescriptors, _uncore);
    }
}

using Wca.Api;
using Wca.Kernel;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement.Platform;
using Wca.Measurement.Catalog;

namespace Wca.Pipeline;

/// <summary>
/// The agent's own metrics (wca_*): health, task count, memory, stage durations, log and failure
/// counters. Label sets are built once per series and reused every iteration.
/// </summary>
internal sealed class InternalMetrics : IDisposable
{
    private readonly LabelSet _common;
    private readonly LabelSet _information;
    private readonly StageProfiler _profiler;
    // Grows with the profiler: a runner adds its own stages (detect) after the cycle made this.
    private LabelSet[] _stageLabels = [];
    private readonly LabelSet[] _generationLabels;
    private readonly List<(string Module, long Warnings, long Errors)> _moduleCounts = [];
    private readonly LogCounters _logCounters;
    private readonly FailureCounters _failures;
    private readonly AgentSelfStats _self;
    private readonly Dictionary<string, LabelSet> _moduleLabels = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Stage, string Component), LabelSet> _failureLabels = [];

    public InternalMetrics(HostPaths paths, LabelSet common, PlatformFacts facts, StageProfiler profiler, LogCounters logCounters, FailureCounters failures)
    {
        _common = common;
        _profiler = profiler;
        _logCounters = logCounters;
        _failures = failures;
        _self = new AgentSelfStats(paths.Proc);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        _information = LabelSet.From(
            ("wca_version", AgentVersion.Current), ("cpu_model", facts.CpuModel), ("cpu_model_number", facts.CpuModelNumber), ("sockets", facts.Sockets.ToString(inv)),
            ("cores", facts.Cores.ToString(inv)), ("cpus", facts.Cpus.ToString(inv))).Merge(common);
        _generationLabels = [.. Enumerable.Range(0, 3).Select(g => LabelSet.From(("generation", g.ToString(inv))).Merge(common))];
    }

    public void Write(MetricBatch batch, double now, int tasks, int measuredTasks, long iterations, long overruns)
    {
        batch.Add(MetricCatalog.WcaUp, now, _common);
        batch.Add(MetricCatalog.WcaInformation, 1, _information);
        batch.Add(MetricCatalog.WcaTasks, tasks, _common);
        batch.Add(MetricCatalog.WcaTasksMeasured, measuredTasks, _common);
        batch.Add(MetricCatalog.WcaIterations, iterations, _common);
        var (rss, peak) = _self.Read();
        batch.Add(MetricCatalog.WcaMemUsageBytes, ResourceUsage.PeakResidentBytesWithChildren(), _common);
        batch.Add(MetricCatalog.WcaMemResidentBytes, rss, _common);
        batch.Add(MetricCatalog.WcaMemMaxUsageBytes, peak, _common);
        batch.Add(MetricCatalog.WcaIterationOverrunCount, overruns, _common);
        batch.Add(MetricCatalog.WcaCpuUsageSeconds, Environment.CpuUsage.TotalTime.TotalSeconds, _common);
        batch.Add(MetricCatalog.WcaGcAllocatedBytes, GC.GetTotalAllocatedBytes(), _common);
        for (var g = 0; g < _generationLabels.Length; g++)
            batch.Add(MetricCatalog.WcaGcCollections, GC.CollectionCount(g), _generationLabels[g]);
        for (var i = 0; i < _profiler.Count; i++)
        {
            if (!_profiler.WasMeasured(i)) continue;
            var labels = StageLabels(i);
            batch.Add(MetricCatalog.WcaDurationSeconds, _profiler.Last(i), labels);
            batch.Add(MetricCatalog.WcaDurationSecondsAvg, _profiler.Average(i), labels);
        }
        _logCounters.CopyTo(_moduleCounts);
        foreach (var (module, warnings, errors) in _moduleCounts)
        {
            var labels = Cached(_moduleLabels, "module", module);
            batch.Add(MetricCatalog.WcaWarningCount, warnings, labels);
            batch.Add(MetricCatalog.WcaErrorCount, errors, labels);
        }
        foreach (var (key, count) in _failures.All)
        {
            if (!_failureLabels.TryGetValue(key, out var labels))
                _failureLabels[key] = labels = LabelSet.From(("stage", key.Stage), ("component", key.Component)).Merge(_common);
            batch.Add(MetricCatalog.WcaFailureCount, count, labels);
        }
        _failures.StorageQueues.Write(batch, _common);
    }

    private LabelSet StageLabels(int stage)
    {
        if (stage >= _stageLabels.Length)
        {
            var grown = new LabelSet[_profiler.Count];
            _stageLabels.CopyTo(grown, 0);
            for (var i = _stageLabels.Length; i < grown.Length; i++) grown[i] = LabelSet.From(("function", _profiler.Name(i))).Merge(_common);
            _stageLabels = grown;
        }
        return _stageLabels[stage];
    }

    private LabelSet Cached(Dictionary<string, LabelSet> cache, string key, string value)
    {
        if (!cache.TryGetValue(value, out var labels))
        {
            labels = LabelSet.From((key, value)).Merge(_common);
            cache[value] = labels;
        }
        return labels;
    }

    public void Dispose() => _self.Dispose();
}

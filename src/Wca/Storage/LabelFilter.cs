using Wca.Api;

namespace Wca.Storage;

/// <summary>
/// <c>filter_labels</c>: keeps only the listed label keys on every metric. The runner hands the same label set
/// instances every iteration, so each set is filtered once and the result reused while the set is still seen
/// (two generations: sets of tasks that are gone are forgotten after one package).
/// </summary>
internal sealed class LabelFilter(IEnumerable<string> keep)
{
    private readonly HashSet<string> _keep = new(keep, StringComparer.Ordinal);
    private readonly MetricBatch _batch = new();
    private Dictionary<LabelSet, LabelSet> _current = new(ReferenceEqualityComparer.Instance);
    private Dictionary<LabelSet, LabelSet> _previous = new(ReferenceEqualityComparer.Instance);

    /// <summary>The package with filtered labels; valid until the next call.</summary>
    public MetricPackage Apply(MetricPackage package)
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear();
        _batch.Clear();
        _batch.TimestampMilliseconds = package.TimestampMilliseconds;
        foreach (ref readonly var metric in package.Metrics)
        {
            if (!_current.TryGetValue(metric.Labels, out var filtered))
            {
                if (!_previous.TryGetValue(metric.Labels, out filtered)) filtered = Filter(metric.Labels);
                _current[metric.Labels] = filtered;
            }
            _batch.Add(metric with { Labels = filtered });
        }
        return new MetricPackage(package.Kind, _batch);
    }

    private LabelSet Filter(LabelSet labels)
    {
        var kept = 0;
        foreach (var (key, _) in labels.Pairs)
            if (_keep.Contains(key)) kept++;
        if (kept == labels.Count) return labels;
        var pairs = new List<KeyValuePair<string, string>>(kept);
        foreach (var pair in labels.Pairs)
            if (_keep.Contains(pair.Key)) pairs.Add(pair);
        return LabelSet.From(pairs);
    }
}

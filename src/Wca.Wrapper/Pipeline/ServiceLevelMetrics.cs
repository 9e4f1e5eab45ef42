using Wca.Api;

namespace Wca.Wrapper.Pipeline;

/// <summary>
/// The SLI/SLO/load metrics appended to every non-empty batch (wrapper.md §7), with the original's names, values,
/// HELP texts and labels (the CLI labels, not the source metric's). Unlike the original, only the parsed metrics are
/// visited (an SLI named <c>sli</c> no longer loops forever), a batch holding the SLI or load metric several times gives
/// one derived set (from the first occurrence: no duplicate series in one message), and a division by zero gives
/// IEEE inf/nan instead of a crash.
/// </summary>
internal sealed class ServiceLevelMetrics
{
    public const string ConstLoad = "const";

    private readonly string? _sliName;
    private readonly bool _inverse;
    private readonly double _slo;
    private readonly string? _loadName;
    private readonly double _peakLoad;
    private readonly LabelSet _labels;
    private readonly MetricDescriptor? _sloDescriptor, _sliDescriptor, _sliNormalizedDescriptor;
    private static readonly MetricDescriptor PeakLoad = new("peak_load");
    private static readonly MetricDescriptor Load = new("load");
    private static readonly MetricDescriptor LoadNormalized = new("load_normalized");

    public ServiceLevelMetrics(string? sliMetricName, bool inverseSliMetricValue, double slo, string? loadMetricName, long? peakLoad, LabelSet labels)
    {
        _sliName = sliMetricName;
        _inverse = inverseSliMetricValue;
        _slo = slo;
        _loadName = loadMetricName;
        _peakLoad = peakLoad ?? 0;
        _labels = labels;
        if (sliMetricName is not null)
        {
            _sloDescriptor = new("slo", MetricType.Gauge, $"Service Level Objective based on {sliMetricName} metric");
            _sliDescriptor = new("sli", MetricType.Gauge, $"Service Level Indicator based on {sliMetricName} metric");
            _sliNormalizedDescriptor = new("sli_normalized", MetricType.Gauge, $"Normalized Service Level Indicator based on {sliMetricName} metric and SLO");
        }
    }

    /// <summary>Whether any metric is ever appended.</summary>
    public bool IsEnabled => _sliName is not null || _loadName is not null;

    /// <summary>Appends the derived metrics for the parsed metrics of <paramref name="batch"/>; the SLI source, when found, is returned for the DEBUG log.</summary>
    public Metric? Append(List<Metric> batch)
    {
        if (!IsEnabled) return null;
        var parsed = batch.Count;
        Metric? sli = null;
        var loadSeen = false;
        for (var i = 0; i < parsed; i++)
        {
            var m = batch[i];
            if (sli is null && _sliName is not null && m.Name == _sliName)
            {
                sli = m;
                var v = _inverse ? 1.0 / m.Value : m.Value;
                batch.Add(new Metric(_sloDescriptor!, _slo, _labels));
                batch.Add(new Metric(_sliDescriptor!, v, _labels));
                batch.Add(new Metric(_sliNormalizedDescriptor!, v / _slo, _labels));
            }
            if (!loadSeen && _loadName is not null && _loadName != ConstLoad && m.Name == _loadName)
            {
                loadSeen = true;
                batch.Add(new Metric(PeakLoad, _peakLoad, _labels));
                batch.Add(new Metric(Load, m.Value, _labels));
                batch.Add(new Metric(LoadNormalized, m.Value / _peakLoad, _labels));
            }
        }
        if (_loadName == ConstLoad)
        {
            batch.Add(new Metric(PeakLoad, _peakLoad, _labels));
            batch.Add(new Metric(Load, _peakLoad, _labels));
            batch.Add(new Metric(LoadNormalized, 1.0, _labels));
        }
        return sli;
    }
}

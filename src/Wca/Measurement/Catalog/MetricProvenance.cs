namespace Wca.Measurement.Catalog;

/// <summary>Who gave a metric its name: dashboards built for the original rely on the original's names.</summary>
public enum MetricProvenance
{
    /// <summary>Produced under this name by the original's 2019 line (and still by its final release).</summary>
    Original2019,

    /// <summary>Produced under this name by the original's final release (later-versions.md §5).</summary>
    OriginalFinal,

    /// <summary>Added by this agent; the original has no such metric.</summary>
    Ours,
}

using System.Text;

namespace Wca.Measurement.Catalog;

/// <summary>Renders docs/metrics.md from the <see cref="MetricCatalog"/> (a test keeps the file up to date).</summary>
internal static class MetricsDocumentation
{
    public const string RegenerateCommand =
        "WCA_UPDATE_DOCS=1 dotnet test Wca.slnx -c Release --filter \"FullyQualifiedName~Wca.Tests.Metrics\"";

    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("# Metrics\n\n");
        text.Append("<!-- Generated from src/Wca/Measurement/Catalog/MetricCatalog.cs; do not edit. Regenerate with:\n");
        text.Append("     ").Append(RegenerateCommand).Append(" -->\n\n");
        text.Append("Every metric also carries the common labels: `host`, the runner's `extra_labels` and, with\n");
        text.Append("`include_optional_labels: true` (the 2019 behaviour; the default is false, as in the final release), `sockets`,\n");
        text.Append("`cores`, `cpus`, `cpu_model`, `cpu_model_number` and `wca_version` (without it they are on `wca_information` only).\n");
        text.Append("Task metrics carry the task's labels, `task_id` and `task_name` (the node's name for the task, as in the\n");
        text.Append("final release). *Levels* are the extra labels of a series.\n");
        AppendProvenance(text);
        foreach (var granularity in Enum.GetValues<MetricGranularity>())
        {
            text.Append("\n## ").Append(granularity).Append(" metrics\n\n");
            text.Append("| name | type | unit | provenance | source | levels | enabled | help | origin |\n");
            text.Append("|---|---|---|---|---|---|---|---|---|\n");
            foreach (var entry in MetricCatalog.All.Concat(MetricCatalog.RuntimeNamed))
            {
                if (entry.Granularity != granularity) continue;
                text.Append("| `").Append(entry.Name).Append("` | ")
                    .Append(entry.Descriptor.Type.ToString().ToLowerInvariant()).Append(" | ")
                    .Append(Cell(entry.Descriptor.Unit ?? "")).Append(" | ")
                    .Append(ProvenanceText(entry.Provenance)).Append(entry.KeptForDashboards ? " (kept)" : "").Append(" | ")
                    .Append(entry.Source.ToString().ToLowerInvariant()).Append(" | ")
                    .Append(entry.Levels.Count == 0 ? "" : string.Join(", ", entry.Levels.Select(l => $"`{l}`"))).Append(" | ")
                    .Append(Cell(entry.EnabledBy)).Append(" | ")
                    .Append(Cell(entry.Descriptor.Help ?? "")).Append(" | ")
                    .Append(Cell(entry.Origin)).Append(" |\n");
            }
        }
        return text.ToString();
    }

    private static void AppendProvenance(StringBuilder text)
    {
        text.Append("\n## Names: the original's and ours\n\n");
        text.Append("The *provenance* column says who named a metric: `original 2019` (the original's 2019 line, unchanged in\n");
        text.Append("its final release), `original final` (the original's final release) or `ours`. A metric with the original's\n");
        text.Append("name has the original's type and labels, so dashboards and rules written for the original keep working\n");
        text.Append("(a test compares them with a table transcribed from the original's metric list). Metrics marked `ours` are\n");
        text.Append("additions of this agent: the original has no such metric; they follow the original's naming style so that\n");
        text.Append("they sit beside its metrics.\n\n");
        text.Append("These original names break a Prometheus naming convention and are kept (marked `(kept)` below) because\n");
        text.Append("renaming them would silently empty every existing dashboard, alert and recording rule that queries them:\n\n");
        foreach (var entry in MetricCatalog.All)
        {
            if (!entry.KeptForDashboards) continue;
            text.Append("- `").Append(entry.Name).Append("`: ").Append(DeviationText(entry)).Append('\n');
        }
    }

    private static string ProvenanceText(MetricProvenance provenance) => provenance switch
    {
        MetricProvenance.Original2019 => "original 2019",
        MetricProvenance.OriginalFinal => "original final",
        _ => "ours",
    };

    private static string DeviationText(CatalogEntry entry)
    {
        var reasons = new List<string>();
        var deviations = entry.Deviations;
        if (deviations.HasFlag(NamingDeviation.CounterWithoutTotal)) reasons.Add("counter without `_total`");
        if (deviations.HasFlag(NamingDeviation.TimestampWithoutSuffix)) reasons.Add("Unix timestamp without `_timestamp_seconds`");
        if (deviations.HasFlag(NamingDeviation.NonBaseUnit)) reasons.Add($"value in {entry.NonBaseUnit}, not a base unit");
        if (deviations.HasFlag(NamingDeviation.ReservedSuffix)) reasons.Add("`_count` is reserved for histograms and summaries");
        if (deviations.HasFlag(NamingDeviation.InfoWithoutSuffix)) reasons.Add("info metric without `_info`");
        return string.Join("; ", reasons);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

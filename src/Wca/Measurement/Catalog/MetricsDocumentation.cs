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
        foreach (var granularity in Enum.GetValues<MetricGranularity>())
        {
            text.Append("\n## ").Append(granularity).Append(" metrics\n\n");
            text.Append("| name | type | unit | source | levels | enabled | help | origin |\n");
            text.Append("|---|---|---|---|---|---|---|---|\n");
            foreach (var entry in MetricCatalog.All)
            {
                if (entry.Granularity != granularity) continue;
                text.Append("| `").Append(entry.Name).Append("` | ")
                    .Append(entry.Descriptor.Type.ToString().ToLowerInvariant()).Append(" | ")
                    .Append(Cell(entry.Descriptor.Unit ?? "")).Append(" | ")
                    .Append(entry.Source.ToString().ToLowerInvariant()).Append(" | ")
                    .Append(entry.Levels.Count == 0 ? "" : string.Join(", ", entry.Levels.Select(l => $"`{l}`"))).Append(" | ")
                    .Append(Cell(entry.EnabledBy)).Append(" | ")
                    .Append(Cell(entry.Descriptor.Help ?? "")).Append(" | ")
                    .Append(Cell(entry.Origin)).Append(" |\n");
            }
        }
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

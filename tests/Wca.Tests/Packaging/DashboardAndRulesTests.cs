using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Wca.Tests.Packaging;

/// <summary>
/// packaging/grafana and packaging/prometheus: the dashboard JSON parses and every metric it queries is one the agent
/// documents; the rules pass `promtool check rules` and `promtool test rules` (a small series file); the scrape config
/// passes `promtool check config`.
/// </summary>
public sealed partial class DashboardAndRulesTests
{
    /// <summary>The anomalies package's own series (docs/components.md, DetectionRunner), not in the metrics table.</summary>
    private static readonly string[] AnomaliesPackageMetrics = ["anomaly_count", "anomaly_last_occurrence"];

    [GeneratedRegex(@"^\| `([a-z_:][a-z0-9_:]*)` \|", RegexOptions.Multiline)]
    private static partial Regex MetricsTableRow();

    // A metric name in PromQL: an identifier not followed by '(' (a function), not a label (inside {}), not after 'by'/'without'.
    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]|""[^""]*""|\b(?:by|without|on|ignoring)\s*\([^)]*\)|\b([a-z_][a-z0-9_]*)\b(?!\s*\()")]
    private static partial Regex PromQlTokens();

    private static readonly HashSet<string> PromQlWords = ["sum", "avg", "max", "min", "count", "rate", "increase", "and", "or", "unless", "time", "bool", "offset"];

    internal static IReadOnlySet<string> DocumentedMetrics() =>
        MetricsTableRow().Matches(File.ReadAllText(PackagingLayout.MetricsDoc)).Select(m => m.Groups[1].Value).Concat(AnomaliesPackageMetrics).ToHashSet();

    internal static IEnumerable<string> MetricNames(string expr) =>
        PromQlTokens().Matches(expr).Select(m => m.Groups[1].Value).Where(n => n.Length > 0 && !PromQlWords.Contains(n) && !n.StartsWith("__", StringComparison.Ordinal));

    [Fact]
    public void The_metric_name_scan_finds_metrics_and_skips_functions_labels_and_grouping()
    {
        Assert.Equal(["task_cpu_usage_seconds"],
            MetricNames("sum by (host, task_name) (rate(task_cpu_usage_seconds{resource=\"cpu\",kind=\"some\"}[$__rate_interval]))"));
        Assert.Equal(["wca_up"], MetricNames("time() - wca_up > 120"));
    }

    [Fact]
    public void Every_metric_the_dashboard_queries_is_documented_in_docs_metrics_md()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(PackagingLayout.Dashboard));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToArray();
        Assert.True(panels.Length >= 10, $"{panels.Length} panels");
        var queried = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricNames(t.GetProperty("expr").GetString()!)).ToHashSet();
        foreach (var expected in new[] { "task_cpu_usage_seconds", "task_mem_usage_bytes", "task_pressure_stalled_seconds", "task_ipc",
                     "task_llc_occupancy_bytes", "task_mem_bandwidth_bytes", "anomaly_count", "allocations_count", "wca_cpu_usage_seconds" })
            Assert.Contains(expected, queried);

        var missing = queried.Except(DocumentedMetrics()).Order(StringComparer.Ordinal).ToArray();
        // The perf (task_ipc) and RDT (task_llc_occupancy_bytes, task_mem_bandwidth_bytes) metrics arrive with issues 12 and 13.
        Assert.True(missing.Length == 0, $"the dashboard queries metrics that docs/metrics.md does not list: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_metric_the_rules_use_is_documented_and_the_rules_pass_promtool_check_and_test()
    {
        var rules = new YamlStream();
        rules.Load(new StringReader(File.ReadAllText(Path.Combine(PackagingLayout.Prometheus, "wca-rules.yml"))));
        var exprs = ((YamlSequenceNode)((YamlMappingNode)rules.Documents[0].RootNode)["groups"]).Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>()).Select(r => ((YamlScalarNode)r["expr"]).Value!).ToArray();
        var missing = exprs.SelectMany(MetricNames).Where(n => n != "up").Except(DocumentedMetrics()).ToArray();
        Assert.True(missing.Length == 0, $"the rules use metrics docs/metrics.md does not list: {string.Join(", ", missing)}");

        AssertPromtool("check", "rules", "wca-rules.yml");
        AssertPromtool("test", "rules", "wca-rules.test.yml");
        AssertPromtool("check", "config", "prometheus.yml");
    }

    [Fact]
    public void The_kubernetes_scrape_job_follows_the_annotations_the_daemonset_sets()
    {
        var text = File.ReadAllText(Path.Combine(PackagingLayout.Prometheus, "kubernetes-scrape-job.yml"));
        var daemonset = File.ReadAllText(Path.Combine(PackagingLayout.Kubernetes, "daemonset.yaml"));
        foreach (var annotation in new[] { "prometheus.io/scrape", "prometheus.io/port", "prometheus.io/path" })
        {
            Assert.Contains(annotation + ":", daemonset, StringComparison.Ordinal);
            Assert.Contains("__meta_kubernetes_pod_annotation_" + annotation.Replace('.', '_').Replace('/', '_'), text, StringComparison.Ordinal);
        }
        new YamlStream().Load(new StringReader(text));
    }

    private static void AssertPromtool(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("promtool")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = PackagingLayout.Prometheus,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"promtool {string.Join(' ', arguments)}: exit {process.ExitCode}\n{stdout}\n{stderr.Result}");
    }
}

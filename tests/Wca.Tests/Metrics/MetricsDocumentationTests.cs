using Wca.Measurement.Catalog;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Metrics;

public sealed class MetricsDocumentationTests
{
    [Fact]
    public void Docs_metrics_md_matches_the_catalogue()
    {
        var path = Path.Combine(RepoLayout.Root, "docs", "metrics.md");
        var expected = MetricsDocumentation.Render();
        if (Environment.GetEnvironmentVariable("WCA_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        Assert.True(expected == actual, $"{path} is out of date with MetricCatalog; regenerate it with: {MetricsDocumentation.RegenerateCommand}");
    }

    [Fact]
    public void Every_catalogue_metric_is_documented_once()
    {
        var doc = MetricsDocumentation.Render();
        Assert.All(MetricCatalog.All, e => Assert.Single(doc.Split('\n'), line => line.StartsWith($"| `{e.Name}` |", StringComparison.Ordinal)));
    }
}

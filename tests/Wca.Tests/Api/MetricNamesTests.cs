using System.Reflection;
using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Tests.Api;

/// <summary>The public metric-name constants and the agent's catalogue name exactly the same metrics.</summary>
public sealed class MetricNamesTests
{
    private static IReadOnlyList<FieldInfo> Constants(Type names) =>
        names.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).ToArray();

    private static string[] Values(Type names) =>
        Constants(names).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToArray();

    private static string[] Catalogued(MetricGranularity granularity) =>
        MetricCatalog.All.Where(e => e.Granularity == granularity).Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();

    private static void AssertSameNames(string[] constants, string[] catalogue, string constantsClass)
    {
        var missing = catalogue.Except(constants, StringComparer.Ordinal).ToArray();
        var extra = constants.Except(catalogue, StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, $"in the catalogue but not in {constantsClass}: {string.Join(", ", missing)}");
        Assert.True(extra.Length == 0, $"in {constantsClass} but not in the catalogue: {string.Join(", ", extra)}");
        Assert.Equal(catalogue, constants); // also catches two constants with the same value
    }

    [Fact]
    public void TaskMetricNames_lists_exactly_the_task_metrics_of_the_catalogue() =>
        AssertSameNames(Values(typeof(TaskMetricNames)), Catalogued(MetricGranularity.Task), nameof(TaskMetricNames));

    [Fact]
    public void PlatformMetricNames_lists_exactly_the_platform_metrics_of_the_catalogue() =>
        AssertSameNames(Values(typeof(PlatformMetricNames)), Catalogued(MetricGranularity.Platform), nameof(PlatformMetricNames));

    [Theory]
    [InlineData(typeof(TaskMetricNames), "task_")]
    [InlineData(typeof(PlatformMetricNames), "platform_")]
    public void Each_constant_is_named_after_its_metric(Type names, string prefix)
    {
        Assert.NotEmpty(Constants(names));
        Assert.All(Constants(names), field =>
        {
            var name = (string)field.GetRawConstantValue()!;
            Assert.StartsWith(prefix, name, StringComparison.Ordinal);
            var pascal = string.Concat(name[prefix.Length..].Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
            Assert.Equal(pascal, field.Name);
        });
    }
}

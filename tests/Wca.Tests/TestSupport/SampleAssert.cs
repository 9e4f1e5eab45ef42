using Wca.Api;
using Wca.Measurement;

namespace Wca.Tests.TestSupport;

/// <summary>Lookups in a collected TaskSample.</summary>
public static class SampleAssert
{
    /// <summary>The values of <paramref name="descriptor"/> whose level labels equal <paramref name="levels"/> (null = unleveled).</summary>
    public static double[] Values(TaskSample sample, MetricDescriptor descriptor, LabelSet? levels = null)
    {
        var found = new List<double>();
        foreach (var e in sample.Entries)
        {
            if (!ReferenceEquals(e.Descriptor, descriptor)) continue;
            if (levels is null ? e.Levels is null : levels.Equals(e.Levels)) found.Add(e.Value);
        }
        return found.ToArray();
    }

    /// <summary>The single value of an unleveled (or given-level) metric; fails when absent or repeated.</summary>
    public static double Single(TaskSample sample, MetricDescriptor descriptor, LabelSet? levels = null)
    {
        var values = Values(sample, descriptor, levels);
        Assert.True(values.Length == 1, $"{descriptor.Name}{levels} reported {values.Length} times");
        return values[0];
    }

    public static bool Has(TaskSample sample, MetricDescriptor descriptor)
    {
        foreach (var e in sample.Entries)
            if (ReferenceEquals(e.Descriptor, descriptor)) return true;
        return false;
    }
}

using Wca.Api;
using Wca.Measurement;
using Wca.Measurement.Catalog;

namespace Wca.Tests.Pipeline;

/// <summary>The pod rule of <see cref="TaskSample.MergeFrom"/>: counters summed, gauges the mean over the containers that have them.</summary>
public sealed class TaskSampleMergeTests
{
    private static TaskSample Container(params (MetricDescriptor Descriptor, double Value, LabelSet? Levels)[] entries)
    {
        var sample = new TaskSample();
        foreach (var (d, v, l) in entries) sample.Add(d, v, l);
        return sample;
    }

    private static double Value(TaskSample sample, MetricDescriptor descriptor, LabelSet? levels = null)
    {
        var matches = sample.Entries.ToArray().Where(e => ReferenceEquals(e.Descriptor, descriptor) && Equals(e.Levels, levels)).ToArray();
        Assert.True(matches.Length == 1, $"{descriptor.Name}{levels}: {matches.Length} entries");
        return matches[0].Value;
    }

    private static void MergePod(TaskSample pod, params TaskSample[] containers)
    {
        pod.Clear();
        foreach (var c in containers) pod.MergeFrom(c);
        pod.FinishMerge();
    }

    [Fact]
    public void CountersAreSummedAndGaugesAveragedOverTheContainersThatHaveThem()
    {
        var node0 = LabelSet.From(("numa_node", "0"));
        var node1 = LabelSet.From(("numa_node", "1"));
        var c1 = Container(
            (MetricCatalog.TaskCpuUsageSeconds, 2, null),
            (MetricCatalog.TaskMemUsageBytes, 100, null),
            (MetricCatalog.TaskMemNumaPages, 10, node0),
            (MetricCatalog.TaskMemNumaPages, 30, node1));
        var c2 = Container(
            (MetricCatalog.TaskCpuUsageSeconds, 5, null),
            (MetricCatalog.TaskMemUsageBytes, 300, null),
            (MetricCatalog.TaskMemNumaPages, 20, LabelSet.From(("numa_node", "0")))); // an equal, not the same, level set
        var c3 = Container(
            (MetricCatalog.TaskCpuUsageSeconds, 1, null),
            (MetricCatalog.TaskMemPageFaults, 7, null)); // no memory gauges in this one
        var pod = new TaskSample();

        MergePod(pod, c1, c2, c3);

        Assert.Equal(8, Value(pod, MetricCatalog.TaskCpuUsageSeconds));
        Assert.Equal(200, Value(pod, MetricCatalog.TaskMemUsageBytes)); // (100 + 300) / 2, c3 has none
        Assert.Equal(7, Value(pod, MetricCatalog.TaskMemPageFaults));
        Assert.Equal(15, Value(pod, MetricCatalog.TaskMemNumaPages, node0)); // a leveled gauge: the mean per level
        Assert.Equal(30, Value(pod, MetricCatalog.TaskMemNumaPages, node1));
        Assert.Equal(5, pod.Count);
    }

    [Fact]
    public void AReusedSampleMergesTheSameWayEveryIteration()
    {
        var c1 = Container((MetricCatalog.TaskCpuUsageSeconds, 1, null), (MetricCatalog.TaskMemUsageBytes, 10, null));
        var c2 = Container((MetricCatalog.TaskCpuUsageSeconds, 2, null), (MetricCatalog.TaskMemUsageBytes, 30, null));
        var pod = new TaskSample();

        for (var iteration = 0; iteration < 3; iteration++)
        {
            MergePod(pod, c1, c2);
            Assert.Equal(3, Value(pod, MetricCatalog.TaskCpuUsageSeconds));
            Assert.Equal(20, Value(pod, MetricCatalog.TaskMemUsageBytes));

            // The same sample serves a single-cgroup task in between (the cycle shares one sample for all tasks).
            pod.Clear();
            pod.Add(MetricCatalog.TaskMemUsageBytes, 99);
            Assert.Equal(99, Value(pod, MetricCatalog.TaskMemUsageBytes));
        }
    }

    [Fact]
    public void APodWithManyContainersGrowsPastTheInitialCapacity()
    {
        // More distinct series than the sample's first buffer holds: the per-entry contributor counts must follow.
        var levels = Enumerable.Range(0, 40).Select(i => LabelSet.From(("numa_node", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        var a = new TaskSample();
        var b = new TaskSample();
        foreach (var l in levels)
        {
            a.Add(MetricCatalog.TaskMemNumaPages, 2, l);
            b.Add(MetricCatalog.TaskMemNumaPages, 4, l);
        }
        var pod = new TaskSample();

        MergePod(pod, a, b);

        Assert.Equal(levels.Length, pod.Count);
        Assert.All(levels, l => Assert.Equal(3, Value(pod, MetricCatalog.TaskMemNumaPages, l)));
    }
}

using Wca.Api;
using Wca.Measurement;
using Wca.Measurement.Catalog;
using Wca.Pipeline;

namespace Wca.Tests.Pipeline;

/// <summary>What a detector or allocator reads as TaskData.Measurements and Series: one task's values of one iteration.</summary>
public sealed class TaskMeasurementsTests
{
    private static readonly LabelSet Node0 = LabelSet.From(("numa_node", "0"));
    private static readonly LabelSet Node1 = LabelSet.From(("numa_node", "1"));

    private static TaskSample Sample(double cpu, double memory)
    {
        var sample = new TaskSample();
        sample.Add(MetricCatalog.TaskCpuUsageSeconds, cpu);
        sample.Add(MetricCatalog.TaskMemNumaPages, 10, Node0);
        sample.Add(MetricCatalog.TaskMemNumaPages, 20, Node1);
        sample.Add(MetricCatalog.TaskMemUsageBytes, memory);
        return sample;
    }

    [Fact]
    public void Unleveled_values_are_found_by_name_in_order_and_every_series_keeps_its_levels()
    {
        var sample = Sample(1.5, 4096);
        var measurements = new TaskMeasurements(MeasurementShape.Of(sample.Entries, null), sample.Entries);

        Assert.Equal(["task_cpu_usage_seconds", "task_mem_usage_bytes"], measurements.Keys);
        Assert.Equal(1.5, measurements["task_cpu_usage_seconds"]);
        Assert.Equal(4096, measurements["task_mem_usage_bytes"]);
        Assert.False(measurements.ContainsKey("task_mem_numa_pages"));
        Assert.False(measurements.TryGetValue("nope", out _));
        Assert.Throws<KeyNotFoundException>(() => measurements["nope"]);
        Assert.Equal(new Dictionary<string, double> { ["task_cpu_usage_seconds"] = 1.5, ["task_mem_usage_bytes"] = 4096 }, measurements.ToDictionary());
        Assert.Equal(4, measurements.Series.Count);
        Assert.Equal(new Metric(MetricCatalog.TaskMemNumaPages, 20, Node1), measurements.Series[2]);
        Assert.Equal(LabelSet.Empty, measurements.Series[0].Labels);
        Assert.Equal([1.5, 10, 20, 4096], measurements.Series.Select(m => m.Value));
    }

    [Fact]
    public void A_plugin_that_keeps_an_iteration_keeps_its_values_and_the_next_iteration_shares_only_the_layout()
    {
        var first = Sample(1, 100);
        var shape = MeasurementShape.Of(first.Entries, null);
        var kept = new TaskMeasurements(shape, first.Entries);
        first.Clear();
        var second = Sample(2, 200);

        Assert.Same(shape, MeasurementShape.Of(second.Entries, shape));
        var next = new TaskMeasurements(shape, second.Entries);
        Assert.Equal(1, kept["task_cpu_usage_seconds"]);
        Assert.Equal(2, next["task_cpu_usage_seconds"]);

        // A sample with another layout (a series more) gets its own shape.
        second.Add(MetricCatalog.TaskUp, 1);
        Assert.NotSame(shape, MeasurementShape.Of(second.Entries, shape));
    }

    [Fact]
    public void A_name_measured_twice_answers_its_last_value_as_a_dictionary_filled_in_order_would()
    {
        var sample = new TaskSample();
        sample.Add(MetricCatalog.TaskCpuUsageSeconds, 1);
        sample.Add(MetricCatalog.TaskMemUsageBytes, 5);
        sample.Add(MetricCatalog.TaskCpuUsageSeconds, 3);
        var measurements = new TaskMeasurements(MeasurementShape.Of(sample.Entries, null), sample.Entries);

        Assert.Equal(2, measurements.Count);
        Assert.Equal(3, measurements["task_cpu_usage_seconds"]);
        Assert.Equal(["task_cpu_usage_seconds", "task_mem_usage_bytes"], measurements.Keys);
        Assert.Equal(3, measurements.Series.Count);
    }
}

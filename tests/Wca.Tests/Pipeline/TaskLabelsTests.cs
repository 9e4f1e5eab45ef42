using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Pipeline;

/// <summary>What labels a task's series carry: the node's labels (sanitized), task_id and task_name.</summary>
[Collection(SerialCollection.Name)]
public sealed class TaskLabelsTests
{
    private sealed class ScriptedNode : INode
    {
        public IReadOnlyList<NodeTask> Tasks { get; set; } = [];
        public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => Tasks;
    }

    private static NodeTask Pod(TestCgroup cgroup, string name, IReadOnlyDictionary<string, string> labels) =>
        new(name, "0b4a-uid", cgroup.CgroupPath, NodeTask.NoSubcgroups, labels, NodeTask.NoResources);

    [Fact]
    public void Every_task_series_carries_task_id_and_task_name_beside_the_node_labels()
    {
        using var task = TestCgroup.Create();
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var node = new ScriptedNode { Tasks = [Pod(task, "default/web-1", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web" })] };
        using var runner = new MeasurementRunner(new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System))
            { Node = node, MetricsStorage = new LogStorage(output, overwrite: true), IncludeOptionalLabels = false };
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);

        var taskSeries = PrometheusSamples.Parse(File.ReadAllText(output)).Where(s => s.Name.StartsWith("task_", StringComparison.Ordinal)).ToArray();
        Assert.Contains(taskSeries, s => s.Name == "task_up");
        Assert.All(taskSeries, s =>
        {
            Assert.Equal("0b4a-uid", s["task_id"]);
            Assert.Equal("default/web-1", s["task_name"]);
            Assert.Equal("web", s["app_kubernetes_io_name"]);
        });
        var up = taskSeries.Single(s => s.Name == "task_up");
        Assert.Equal(["app_kubernetes_io_name", "host", "task_id", "task_name"], up.Labels.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_renamed_task_is_relabelled_and_a_node_label_cannot_override_task_id_or_task_name()
    {
        using var task = TestCgroup.Create();
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var labels = new Dictionary<string, string> { ["task_name"] = "spoofed", ["task_id"] = "spoofed" };
        var node = new ScriptedNode { Tasks = [Pod(task, "default/web-1", labels)] };
        using var runner = new MeasurementRunner(new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System))
            { Node = node, MetricsStorage = new LogStorage(output, overwrite: true), IncludeOptionalLabels = false };
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);
        var up = PrometheusSamples.Parse(File.ReadAllText(output)).Single(s => s.Name == "task_up");
        Assert.Equal("0b4a-uid", up["task_id"]);
        Assert.Equal("default/web-1", up["task_name"]);

        // Same id and labels, new name (same labels instance: only the name tells the change).
        node.Tasks = [Pod(task, "default/web-2", labels)];
        runner.RunIteration(0);
        up = PrometheusSamples.Parse(File.ReadAllText(output)).Single(s => s.Name == "task_up");
        Assert.Equal("default/web-2", up["task_name"]);
    }
}

using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Decision.Static;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Decision.Allocation;

/// <summary>The original's rule matching and the rules file read again when it changes (a broken one keeps the last good rules).</summary>
public sealed class StaticAllocatorTests
{
    private static AgentServices Services(ILoggerFactory loggers) => new(loggers, HostPaths.Default, new LogCounters(), TimeProvider.System);

    private static TaskData Task(string id, params (string Key, string Value)[] labels) => new()
    {
        Task = new NodeTask { Name = id, TaskId = id, CgroupPath = "/" + id },
        Labels = LabelSet.From([.. labels, ("task_id", id)]),
        Measurements = new Dictionary<string, double>(),
    };

    private static readonly Dictionary<string, TaskData> Tasks = new[]
    {
        Task("a", ("job_uniq_id", "0")), Task("b", ("job_uniq_id", "10")), Task("c", ("job_uniq_id", "1abc")), Task("d", ("job_uniq_id", "2")), Task("e"),
    }.ToDictionary(t => t.Task.TaskId, StringComparer.Ordinal);

    private static StaticAllocatorRule Rule(string? name = null, string? taskId = null, Dictionary<string, object>? labels = null, Dictionary<string, object?>? allocations = null) =>
        new() { Name = name, TaskId = taskId, Labels = labels!, Allocations = allocations };

    [Fact]
    public void RulesMatchAsTheOriginalsAndLaterRulesWinPerType()
    {
        var allocator = new StaticAllocator(Services(new RecordingLoggerFactory()))
        {
            Rules =
            [
                Rule("all", allocations: new() { ["cpu_quota"] = 1.0, ["cpu_shares"] = 10L }),
                Rule("prefix", labels: new() { ["job_uniq_id"] = "[01]" }, allocations: new() { ["cpu_quota"] = 0.3 }),
                Rule(taskId: "e", allocations: new() { ["cpu_shares"] = 0.5 }),
                Rule(taskId: "ghost", allocations: new() { ["cpu_shares"] = 0.5 }),
            ],
        };

        var result = allocator.Allocate(new Platform(), Tasks);

        // '[01]' matches from the start only: 0, 10 and 1abc, not 2 (and not a task without the label).
        Assert.Equal(["a", "b", "c", "d", "e", "ghost"], result.Allocations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.3, result.Allocations["b"].Named["cpu_quota"]);
        Assert.Equal(10L, result.Allocations["b"].Named["cpu_shares"]);
        Assert.Equal("StaticAllocator rule 2 'prefix'", result.Allocations["c"].Reasons["cpu_quota"]);
        Assert.Equal(1.0, result.Allocations["d"].Named["cpu_quota"]);
        Assert.Equal(0.5, result.Allocations["e"].Named["cpu_shares"]);
        Assert.Equal("StaticAllocator rule 3", result.Allocations["e"].Reasons["cpu_shares"]);
        // An id no task has is handed on: the runner rejects it (for that task only).
        Assert.Single(result.Allocations["ghost"].Named);
    }

    [Fact]
    public void TheRulesFileIsReadAgainWhenItChangesAndABrokenOneKeepsTheLastGoodRules()
    {
        using var dir = new TestDirectory();
        var file = dir.Write("rules.yaml", "- name: default rule for all\n  allocations:\n    cpu_quota: 1.0\n    cpu_shares: 10\n    cpuset_cpus: \"1-3\"\n");
        var loggers = new RecordingLoggerFactory();
        var allocator = new StaticAllocator(Services(loggers)) { Config = file };

        var first = allocator.Allocate(new Platform(), Tasks);
        Assert.Equal("1-3", first.Allocations["a"].Named["cpuset_cpus"]);
        Assert.Equal("StaticAllocator rule 1 'default rule for all'", first.Allocations["a"].Reasons["cpuset_cpus"]);

        File.WriteAllText(file, "- allocations: {cpu_quota: 0.5}\n  labels: {job_uniq_id: '2'}\n");
        var second = allocator.Allocate(new Platform(), Tasks);
        Assert.Equal(["d"], second.Allocations.Keys);
        Assert.Equal(0.5, second.Allocations["d"].Named["cpu_quota"]);

        File.WriteAllText(file, "- allocations: {cpu_quota: 0.5}\n  lables: {job_uniq_id: '2'}\n");
        var broken1 = allocator.Allocate(new Platform(), Tasks);
        var broken2 = allocator.Allocate(new Platform(), Tasks);
        Assert.Equal(["d"], broken1.Allocations.Keys);
        Assert.Equal(["d"], broken2.Allocations.Keys);
        var warning = Assert.Single(loggers.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("rules.yaml", warning.Message, StringComparison.Ordinal);
        Assert.Contains("lables", warning.Message, StringComparison.Ordinal);
        Assert.Contains("keeping the last good 1 rules", warning.Message, StringComparison.Ordinal);

        File.WriteAllText(file, "[]\n");
        Assert.Empty(allocator.Allocate(new Platform(), Tasks).Allocations);
    }

    [Fact]
    public void ABadLabelPatternIsAnErrorNamingTheLabel()
    {
        var e = Assert.Throws<ArgumentException>(() => Rule(labels: new() { ["job"] = "[" }));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains("the pattern '[' of label 'job' is not a valid regular expression", e.Message, StringComparison.Ordinal);
    }
}

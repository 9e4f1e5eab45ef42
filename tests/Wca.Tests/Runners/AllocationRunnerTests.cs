using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Decision.Static;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Runners;

/// <summary>
/// The AllocationRunner on real cgroups, processes and the cgroup actuators: a quota that really limits stress-ng,
/// invalid values skipped beside valid ones, a failing allocator, dry run, and the packages it stores.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class AllocationRunnerTests
{
    private static AgentServices Services(ILoggerFactory? loggers = null) =>
        new(loggers ?? NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);

    private static StaticNode Node(params TestCgroup[] tasks) =>
        new([.. tasks.Select(t => t.RelativePath)], new CgroupFs(HostPaths.Default), NullLogger.Instance);

    private static string CpuFile(TestCgroup cgroup, string file) =>
        Path.Combine(cgroup.Directories.Single(d => File.Exists(Path.Combine(d, file))), file);

    private static string Read(TestCgroup cgroup, string file) => File.ReadAllText(CpuFile(cgroup, file)).Trim();

    private static StaticAllocatorRule Rule(string taskId, Dictionary<string, object?> allocations, string? name = null) =>
        new() { TaskId = taskId, Allocations = allocations, Name = name };

    private static double CpuSeconds(TestCgroup cgroup) => long.Parse(Read(cgroup, "cpuacct.usage"), CultureInfo.InvariantCulture) / 1e9;

    [Fact]
    public void AQuarterOfTwoCpusHoldsStressNgAtHalfACpuAndOneLiftsTheLimit()
    {
        using var task = TestCgroup.Create("quota");
        using var dir = new TestDirectory();
        // Weighted up: on a machine shared with other work the quota, not the neighbours, must be what holds it back.
        File.WriteAllText(CpuFile(task, "cpu.shares"), "262144");
        task.Start("nice", "-n", "-19", "stress-ng", "--cpu", "2", "--cpu-load", "100");
        var rules = dir.Write("rules.yaml", $"- task_id: {task.Name}\n  allocations: {{cpu_quota: 0.25}}\n");
        using var runner = new AllocationRunner(Services())
        {
            Node = Node(task),
            Allocator = new StaticAllocator(Services()) { Config = rules },
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
            AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
        };
        Assert.Equal(0, runner.Initialize());
        Assert.Equal(2, Environment.ProcessorCount);

        runner.RunIteration(0);

        Assert.Equal("100000", Read(task, "cpu.cfs_period_us"));
        Assert.Equal("50000", Read(task, "cpu.cfs_quota_us"));
        Thread.Sleep(300); // let the throttling settle in
        var before = CpuSeconds(task);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Thread.Sleep(3000);
        var cpus = (CpuSeconds(task) - before) / watch.Elapsed.TotalSeconds;
        Assert.InRange(cpus, 0.5 * 0.85, 0.5 * 1.15);
        var allocations = PrometheusSamples.Parse(File.ReadAllText(dir.File("allocations.prom")));
        Assert.Equal(0.25, Assert.Single(allocations, s => s.Name == "allocation_cpu_quota").Value);

        File.WriteAllText(rules, $"- task_id: {task.Name}\n  allocations: {{cpu_quota: 1.0}}\n");
        runner.RunIteration(0);

        Assert.Equal("-1", Read(task, "cpu.cfs_quota_us"));
    }

    [Fact]
    public void AnInvalidTaskBesideAValidOneOnlyLosesItsInvalidValuesEachLoggedOnceAndCounted()
    {
        using var good = TestCgroup.Create("good");
        using var bad = TestCgroup.Create("bad");
        using var dir = new TestDirectory();
        good.StartSleeper();
        bad.StartSleeper();
        var loggers = new RecordingLoggerFactory();
        var badShares = Read(bad, "cpu.shares");
        using var runner = new AllocationRunner(Services(loggers))
        {
            Node = Node(good, bad),
            Allocator = new StaticAllocator(Services(loggers))
            {
                Rules =
                [
                    Rule(good.Name, new() { ["cpu_quota"] = 0.5, ["cpu_shares"] = 2.0 }, "good one"),
                    Rule(bad.Name, new() { ["cpu_shares"] = "lots", ["cpuset_cpus"] = "0-99", ["cpu_qouta"] = 0.1, ["rdt"] = new Dictionary<string, object?> { ["name"] = "be" } }),
                    Rule("no-such-task", new() { ["cpu_quota"] = 0.5 }),
                ],
            },
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
            AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
        };
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);
        runner.RunIteration(0);

        Assert.Equal("100000", Read(good, "cpu.cfs_quota_us")); // 0.5 of 2 CPUs, period 100000
        Assert.Equal("2000", Read(good, "cpu.shares"));
        Assert.Equal(badShares, Read(bad, "cpu.shares"));
        Assert.Equal("-1", Read(bad, "cpu.cfs_quota_us"));
        var warnings = loggers.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Invalid allocation ignored", StringComparison.Ordinal)).Select(l => l.Message).ToArray();
        Assert.Equal(5, warnings.Length); // once each, not once per iteration
        Assert.Contains($"Invalid allocation ignored: task {bad.Name}, cpu_shares: expected a number, got the string \"lots\" [wrong_kind]; the task's other values apply (logged again when the problem changes)", warnings);
        Assert.Contains(warnings, w => w.StartsWith($"Invalid allocation ignored: task {bad.Name}, cpuset_cpus: CPUs 2-99 of \"0-99\" are not among the online CPUs (0-1) [cpu_not_online]", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("unknown allocation type 'cpu_qouta'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("RDT is not enabled: no resctrl at the configured root (rdt_enabled: false, or resctrl not mounted) [rdt_not_supported]", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Invalid allocation ignored: task no-such-task, *: invalid task id 'no-such-task'", StringComparison.Ordinal));
        // One INFO line per applied change, naming the rule, only in the iteration that changed something.
        var applied = loggers.Lines.Where(l => l.Message.StartsWith("Allocation applied", StringComparison.Ordinal)).Select(l => l.Message).ToArray();
        Assert.Contains(applied, a => a.StartsWith($"Allocation applied: task {good.Name}, cpu_quota: -1 → 100000 (asked by StaticAllocator rule 1 'good one';", StringComparison.Ordinal));
        Assert.Contains(applied, a => a.StartsWith($"Allocation applied: task {good.Name}, cpu_shares: 1024 → 2000 (asked by StaticAllocator rule 1 'good one';", StringComparison.Ordinal));
        Assert.Equal(2, applied.Length);

        var text = File.ReadAllText(dir.File("allocations.prom"));
        Promtool.AssertParses(text);
        var samples = PrometheusSamples.Parse(text);
        Assert.Equal(10, samples.Single(s => s.Name == "allocations_errors").Value); // 5 values x 2 iterations
        Assert.Equal(2, samples.Single(s => s.Name == "allocations_ignored_count" && s["reason"] == "wrong_kind").Value);
        Assert.Equal(2, samples.Single(s => s.Name == "allocations_ignored_count" && s["reason"] == "unknown_task").Value);
        Assert.Equal(6, samples.Single(s => s.Name == "allocations_count").Value); // 3 task entries x 2 iterations
    }

    [Fact]
    public void TheAllocationsPackageIsValidPrometheusTextAsExpectedByteForByte()
    {
        using var task = TestCgroup.Create("pkg");
        using var cpuset = new CpusetCgroup(task);
        using var dir = new TestDirectory();
        task.StartSleeper();
        File.WriteAllText(CpuFile(task, "cpu.shares"), "1024");
        using var runner = new AllocationRunner(Services())
        {
            Node = Node(task),
            Allocator = new StaticAllocator(Services()) { Rules = [Rule(task.Name, new() { ["cpu_quota"] = 0.5, ["cpu_set"] = "0" })] },
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
            AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
            ExtraLabels = new Dictionary<string, string> { ["env"] = "test" },
        };
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);

        var text = File.ReadAllText(dir.File("allocations.prom"));
        Promtool.AssertParses(text);
        var mems = File.ReadAllText(Path.Combine(cpuset.Directory, "cpuset.mems")).Trim();
        var host = Environment.MachineName;
        var t = $"container_name=\"{task.Name}\",env=\"test\",host=\"{host}\",task=\"{task.Name}\",task_id=\"{task.Name}\",task_name=\"{task.Name}\"";
        var expected = $$"""
            # HELP allocation_cpu_quota Normalized CPU quota of the task after this iteration (1 = the whole machine = unlimited).
            # TYPE allocation_cpu_quota gauge
            allocation_cpu_quota{allocation_type="cpu_quota",{{t}}} 0.5

            # HELP allocation_cpu_shares Normalized CPU shares of the task (cpu.shares / cpu_shares_unit).
            # TYPE allocation_cpu_shares gauge
            allocation_cpu_shares{allocation_type="cpu_shares",{{t}}} 1.024

            # HELP allocation_cpuset_cpus_number_of_cpus Number of CPUs the task may run on; the list is the cpuset_cpus label.
            # TYPE allocation_cpuset_cpus_number_of_cpus gauge
            allocation_cpuset_cpus_number_of_cpus{allocation_type="cpuset_cpus",{{t[..t.IndexOf(',')]}},cpuset_cpus="0",{{t[(t.IndexOf(',') + 1)..]}}} 1

            # HELP allocation_cpuset_memory_migrate 1 when the task's pages move with its cpuset.mems, else 0.
            # TYPE allocation_cpuset_memory_migrate gauge
            allocation_cpuset_memory_migrate{allocation_type="cpuset_memory_migrate",{{t}}} 0

            # HELP allocation_cpuset_mems_number_of_mems Number of NUMA nodes the task may allocate on; the list is the cpuset_mems label.
            # TYPE allocation_cpuset_mems_number_of_mems gauge
            allocation_cpuset_mems_number_of_mems{allocation_type="cpuset_mems",{{t[..t.IndexOf(',')]}},cpuset_mems="{{mems}}",{{t[(t.IndexOf(',') + 1)..]}}} 1

            # HELP allocation_duration [seconds] Duration of the last allocate call.
            # TYPE allocation_duration gauge
            allocation_duration{env="test",host="{{host}}"} D

            # HELP allocations_count Task allocations the allocator returned since start.
            # TYPE allocations_count counter
            allocations_count{env="test",host="{{host}}"} 1

            # HELP allocations_drift_count Allocation values re-applied since start because the kernel held another value than the agent wrote last (the kubelet or an operator changed it).
            # TYPE allocations_drift_count counter
            allocations_drift_count{env="test",host="{{host}}"} 0

            # HELP allocations_errors Allocation values rejected since start (invalid, refused by the kernel), plus allocator calls that failed.
            # TYPE allocations_errors counter
            allocations_errors{env="test",host="{{host}}"} 0

            # HELP allocations_ignored_count Allocation values skipped since start, by reason (unknown_type, wrong_kind, out_of_range, unknown_task, cpu_not_online, no_such_numa_node, qos_mix, rdt_not_supported, kernel_refused).
            # TYPE allocations_ignored_count counter
            allocations_ignored_count{env="test",host="{{host}}",reason="cpu_not_online"} 0
            allocations_ignored_count{env="test",host="{{host}}",reason="kernel_refused"} 0
            allocations_ignored_count{env="test",host="{{host}}",reason="no_such_numa_node"} 0
            allocations_ignored_count{env="test",host="{{host}}",reason="out_of_range"} 0
            allocations_ignored_count{env="test",host="{{host}}",reason="qos_mix"} 0
            allocations_ignored_count{env="test",host="{{host}}",reason="rdt_not_supported"} 0
            allocations_ignored_count{env="test",host="{{host}}",reason="unknown_task"} 0
            allocations_ignored_count{env="test",host="{{host}}",reason="unknown_type"} 0
            allocations_ignored_count{env="test",host="{{host}}",reason="wrong_kind"} 0

            """;
        var actual = Regex.Replace(text, @"^(allocation_duration\{[^}]*\}) \S+$", "$1 D", RegexOptions.Multiline);
        Assert.Equal(expected.ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void AThrowingOrNullAllocatorIsLoggedOnceCountedAndTheAgentGoesOn()
    {
        using var task = TestCgroup.Create("throw");
        using var dir = new TestDirectory();
        task.StartSleeper();
        var loggers = new RecordingLoggerFactory();
        var allocator = new ScriptedAllocator(
            _ => throw new InvalidOperationException("boom"),
            _ => throw new InvalidOperationException("boom"),
            _ => null!,
            id => new AllocationResult(new Dictionary<string, TaskAllocation> { [id] = new() { CpuShares = 3 } }, [], []));
        using var runner = new AllocationRunner(Services(loggers))
        {
            Node = Node(task),
            Allocator = allocator,
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
            AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
        };
        Assert.Equal(0, runner.Initialize());

        for (var i = 0; i < 4; i++) runner.RunIteration(0);

        Assert.Equal(4, runner.Iterations);
        Assert.Equal("3000", Read(task, "cpu.shares"));
        var errors = loggers.Lines.Where(l => l.Level == LogLevel.Error).Select(l => l.Message).ToArray();
        Assert.Equal(
            ["Allocator ScriptedAllocator failed: threw InvalidOperationException: boom; nothing is changed this iteration (logged again when the failure changes or clears)",
             "Allocator ScriptedAllocator failed: returned null; nothing is changed this iteration (logged again when the failure changes or clears)"],
            errors);
        Assert.Contains(loggers.Lines, l => l.Message == "Allocator ScriptedAllocator works again (after 3 failed iterations)");
        var metrics = PrometheusSamples.Parse(File.ReadAllText(dir.File("metrics.prom")));
        Assert.Equal(3, metrics.Single(s => s.Name == "wca_failure_count" && s["stage"] == "allocate").Value);
        Assert.Contains(metrics, s => s.Name == "wca_duration_seconds" && s["function"] == "allocate");
        var allocations = PrometheusSamples.Parse(File.ReadAllText(dir.File("allocations.prom")));
        Assert.Equal(3, allocations.Single(s => s.Name == "allocations_errors").Value);
        Assert.Equal(3, allocations.Single(s => s.Name == "allocation_cpu_shares").Value);
    }

    [Fact]
    public void ADryRunWritesNothingButExplainsAndReportsWithADryRunLabel()
    {
        using var task = TestCgroup.Create("dry");
        using var dir = new TestDirectory();
        task.StartSleeper();
        var loggers = new RecordingLoggerFactory();
        var quota = Read(task, "cpu.cfs_quota_us");
        var shares = Read(task, "cpu.shares");
        using var runner = new AllocationRunner(Services(loggers))
        {
            Node = Node(task),
            Allocator = new StaticAllocator(Services()) { Rules = [Rule(task.Name, new() { ["cpu_quota"] = 0.25, ["cpu_shares"] = 0.1 }, "try")] },
            DryRun = true,
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
            AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
        };
        Assert.Equal(0, runner.Initialize());
        Assert.Equal(Wca.Host.Security.PrivilegeNeeds.None, runner.PrivilegeNeeds);

        runner.RunIteration(0);
        runner.RunIteration(0);

        Assert.Equal((quota, shares), (Read(task, "cpu.cfs_quota_us"), Read(task, "cpu.shares")));
        var wouldApply = loggers.Lines.Where(l => l.Message.StartsWith("Dry run, not written", StringComparison.Ordinal)).Select(l => l.Message).ToArray();
        Assert.Contains(wouldApply, l => l.StartsWith($"Dry run, not written: task {task.Name}, cpu_quota: {quota} → 50000 (asked by StaticAllocator rule 1 'try';", StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Lines, l => l.Message.StartsWith("Allocation applied", StringComparison.Ordinal));
        var text = File.ReadAllText(dir.File("allocations.prom"));
        Promtool.AssertParses(text);
        var samples = PrometheusSamples.Parse(text);
        Assert.All(samples, s => Assert.Equal("true", s["dry_run"]));
        Assert.Equal(0.25, samples.Single(s => s.Name == "allocation_cpu_quota").Value);
    }

    [Fact]
    public void TheOriginalStaticAllocatorConfigAndRulesFileRunUnchangedOnATestCgroup()
    {
        using var task = TestCgroup.Create("task1");
        using var dir = new TestDirectory();
        task.StartSleeper();
        var original = Path.Combine(RepoLayout.Root, "..", "shared", "reference", "fixtures", "original-configs", "extra");
        original = Directory.Exists(original) ? original : "/work/shared/reference/fixtures/original-configs/extra";
        // The config as shipped; only the task name (a test cgroup) and the rules file's place differ.
        var config = File.ReadAllText(Path.Combine(original, "static_allocator.yaml"))
            .Replace("- task1", "- " + task.RelativePath, StringComparison.Ordinal)
            .Replace("configs/extra/static_allocator_config.yaml", Path.Combine(dir.Path, "static_allocator_config.yaml"), StringComparison.Ordinal);
        File.Copy(Path.Combine(original, "static_allocator_config.yaml"), Path.Combine(dir.Path, "static_allocator_config.yaml"));
        var configFile = dir.Write("static_allocator.yaml", config);
        var loggers = new RecordingLoggerFactory();
        var configuration = Wca.Host.Configuration.ConfigurationLoader.Load(configFile, BuiltInComponents.CreateRegistry(), Services(loggers));
        using var runner = Assert.IsType<AllocationRunner>(configuration.Runner);
        Assert.IsType<StaticAllocator>(runner.Allocator);
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);

        // cpu_quota 1.0 (no limit) and cpu_shares 10 (x1000) apply; cpuset_cpus "1-3" names CPUs this 2-CPU host lacks.
        Assert.Equal("-1", Read(task, "cpu.cfs_quota_us"));
        Assert.Equal("10000", Read(task, "cpu.shares"));
        Assert.Contains(loggers.Lines, l => l.Message.StartsWith($"Invalid allocation ignored: task {task.RelativePath}, cpuset_cpus: CPUs 2-3 of \"1-3\" are not among the online CPUs (0-1) [cpu_not_online]", StringComparison.Ordinal));
        Assert.Contains(loggers.Lines, l => l.Message.StartsWith($"Allocation applied: task {task.RelativePath}, cpu_shares:", StringComparison.Ordinal) && l.Message.Contains("'default rule for all'", StringComparison.Ordinal));
    }

    [Fact]
    public void ARestartedAgentReadsWhatIsAppliedAndRewritesNothing()
    {
        using var task = TestCgroup.Create("restart");
        using var dir = new TestDirectory();
        task.StartSleeper();
        var loggers = new RecordingLoggerFactory();
        AllocationRunner Agent() => new(Services(loggers))
        {
            Node = Node(task),
            Allocator = new StaticAllocator(Services()) { Rules = [Rule(task.Name, new() { ["cpu_quota"] = 0.3, ["cpu_shares"] = 0.7 })] },
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
            AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
        };
        using (var first = Agent())
        {
            Assert.Equal(0, first.Initialize());
            first.RunIteration(0);
        }
        Assert.Equal(2, loggers.Lines.Count(l => l.Message.StartsWith("Allocation applied", StringComparison.Ordinal)));

        using var second = Agent();
        Assert.Equal(0, second.Initialize());
        second.RunIteration(0);
        second.RunIteration(0);

        Assert.Equal(2, loggers.Lines.Count(l => l.Message.StartsWith("Allocation applied", StringComparison.Ordinal)));
        Assert.Equal(("60000", "700"), (Read(task, "cpu.cfs_quota_us"), Read(task, "cpu.shares")));
    }

    [Theory]
    [InlineData("runner: !AllocationRunner\n  allocator: !NOPAllocator\n", "missing required key 'node' (or, as the final release writes it, 'measurement_runner: !MeasurementRunner' with the node inside)")]
    [InlineData("runner: !AllocationRunner\n  node: !StaticNode {tasks: [a]}\n  measurement_runner: !MeasurementRunner {node: !StaticNode {tasks: [a]}}\n  allocator: !NOPAllocator\n", "'node' and 'measurement_runner' both give the node: give 'node' inside measurement_runner only")]
    [InlineData("runner: !AllocationRunner\n  node: !StaticNode {tasks: [a]}\n", "missing required key 'allocator'")]
    public void ALayoutMistakeIsAConfigurationErrorSayingWhatToGive(string yaml, string message)
    {
        using var dir = new TestDirectory();
        var file = dir.Write("config.yaml", yaml);
        var e = Assert.Throws<Wca.Host.Configuration.ConfigurationException>(() =>
            Wca.Host.Configuration.ConfigurationLoader.Load(file, BuiltInComponents.CreateRegistry(), Services()));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFinalReleaseLayoutTakesTheMeasurementKeysOfTheNestedRunner()
    {
        using var dir = new TestDirectory();
        var file = dir.Write("config.yaml", "runner: !AllocationRunner\n  measurement_runner: !MeasurementRunner\n    node: !StaticNode {tasks: [a]}\n    interval: 2.5\n"
            + "    allocation_configuration: !AllocationConfiguration {cpu_shares_unit: 1024}\n  allocator: !NOPAllocator\n  dry_run: true\n");
        var configuration = Wca.Host.Configuration.ConfigurationLoader.Load(file, BuiltInComponents.CreateRegistry(), Services());
        using var runner = Assert.IsType<AllocationRunner>(configuration.Runner);
        Assert.Null(runner.Node);
        Assert.IsType<StaticNode>(runner.MeasurementRunner!.Node);
        Assert.Equal(1024, runner.EffectiveAllocationConfiguration.CpuSharesUnit);
        Assert.Equal(100000, runner.EffectiveAllocationConfiguration.CpuQuotaPeriod);
        Assert.True(runner.DryRun);
    }

    /// <summary>
    /// The test cgroup in the v1 cpuset hierarchy too (TestCgroup creates it only where tasks are measured), with the
    /// root's CPUs and nodes; removed on dispose.
    /// </summary>
    private sealed class CpusetCgroup : IDisposable
    {
        public CpusetCgroup(TestCgroup cgroup)
        {
            var root = cgroup.Layout.Cpuset ?? throw new InvalidOperationException("no v1 cpuset hierarchy on this host");
            Directory = CgroupLayout.Join(root, cgroup.CgroupPath);
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(Path.Combine(Directory, "cpuset.cpus"), File.ReadAllText(Path.Combine(root, "cpuset.cpus")).Trim());
            File.WriteAllText(Path.Combine(Directory, "cpuset.mems"), File.ReadAllText(Path.Combine(root, "cpuset.mems")).Trim());
        }

        public string Directory { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory);
    }

    /// <summary>One answer per call (the last repeats); the argument is the first task's id.</summary>
    private sealed class ScriptedAllocator(params Func<string, AllocationResult>[] steps) : IAllocator
    {
        private int _calls;

        public AllocationResult Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks) =>
            steps[Math.Min(_calls++, steps.Length - 1)](tasks.Keys.First());
    }
}

using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Decision.Numa;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Measurement.Catalog;
using Wca.Tests.Configuration;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Decision.Numa;

/// <summary>
/// Both NUMAAllocator algorithms on hand-built platforms and tasks (2 nodes: CPUs 0-1 and 2-3): which task goes where,
/// one per iteration, pinned ones stay, free_space_check, loop_min_task_balance, re-migration, dryrun, memory binding,
/// the metrics, and the keys as a user writes them.
/// </summary>
public sealed class NumaAllocatorTests
{
    private const double GB = 1e9;
    private const double Page = 4096;

    private static NumaNode Node(int id, double freeBytes) => new(id, id == 0 ? [0, 1] : [2, 3], (long)freeBytes, 10_000_000_000);

    private static Platform TwoNodes(double free0 = 20 * GB, double free1 = 20 * GB) => new()
    {
        Cpus = 4,
        OnlineCpus = [0, 1, 2, 3],
        NumaNodes = [Node(0, free0), Node(1, free1)],
    };

    /// <summary>A task of <paramref name="usage"/> bytes with pages0/pages1 of its pages on node 0/1, pinned by <paramref name="cpus"/>.</summary>
    private static TaskData Task(string id, double usage, double pages0, double pages1, string? cpus = "0-3", double? mem = null, int? migratedTo = null)
    {
        var labels = LabelSet.From(("task_id", id), ("task_name", id));
        return new TaskData
        {
            Task = new NodeTask
            {
                Name = id, TaskId = id, CgroupPath = "/" + id,
                Resources = mem is { } m ? new Dictionary<string, object> { ["mem"] = m } : NodeTask.NoResources,
            },
            Labels = labels,
            Measurements = new Dictionary<string, double> { [TaskMetricNames.MemUsageBytes] = usage },
            Series =
            [
                new Metric(MetricCatalog.TaskMemNumaPages, pages0, LabelSet.From(("numa_node", "0"))),
                new Metric(MetricCatalog.TaskMemNumaPages, pages1, LabelSet.From(("numa_node", "1"))),
            ],
            Allocations = new TaskAllocation { CpusetCpus = cpus, MigratePages = migratedTo },
        };
    }

    private static Dictionary<string, TaskData> Tasks(params TaskData[] tasks) => tasks.ToDictionary(t => t.Task.TaskId, StringComparer.Ordinal);

    private static AgentServices Services(ILoggerFactory loggers) => new(loggers, HostPaths.Default, new LogCounters(), TimeProvider.System);

    private static NumaAllocator Allocator(RecordingLoggerFactory? loggers = null, NumaAlgorithm algorithm = NumaAlgorithm.FillBiggestFirst,
        bool freeSpaceCheck = false, double loopMinTaskBalance = 0, bool migratePages = true, bool binding = false, bool memoryMigrate = false, bool dryrun = false) =>
        new(Services(loggers ?? new RecordingLoggerFactory()))
        {
            Algorithm = algorithm, FreeSpaceCheck = freeSpaceCheck, LoopMinTaskBalance = loopMinTaskBalance, MigratePages = migratePages,
            CgroupsMemoryBinding = binding, CgroupsMemoryMigrate = memoryMigrate, Dryrun = dryrun,
        };

    private static double Sample(AllocationResult result, string name, string? task = null, string? node = null) => Assert.Single(result.ExtraMetrics,
        m => m.Name == name && (task is null || m.Labels.TryGetValue("task_id", out var t) && t == task)
            && (node is null || m.Labels.TryGetValue("numa_node", out var n) && n == node)).Value;

    /// <summary>A task pinned by the last answer, as the next iteration reads it back.</summary>
    private static TaskData Applied(TaskData task, TaskAllocation allocation) =>
        task with { Allocations = task.Allocations! with { CpusetCpus = allocation.CpusetCpus ?? task.Allocations.CpusetCpus, MigratePages = allocation.MigratePages ?? task.Allocations.MigratePages } };

    [Fact]
    public void Fill_biggest_first_pins_the_biggest_unpinned_task_to_the_least_pinned_node_one_per_iteration_and_pinned_ones_stay()
    {
        var loggers = new RecordingLoggerFactory();
        var allocator = Allocator(loggers);
        var a = Task("a", 10 * GB, 2_000_000, 0, cpus: "0-1"); // pinned to node 0
        var b = Task("b", 4 * GB, 500_000, 500_000);
        var c = Task("c", 6 * GB, 1_200_000, 300_000);
        var d = Task("d", 2 * GB, 100_000, 400_000);

        var first = allocator.Allocate(TwoNodes(), Tasks(a, b, c, d));

        var (id, pin) = Assert.Single(first.Allocations);
        Assert.Equal("c", id); // the biggest unpinned one
        Assert.Equal("2-3", pin.CpusetCpus); // node 1 has nothing pinned, node 0 10 GB
        Assert.Equal(1, pin.MigratePages);
        Assert.Null(pin.CpusetMems);
        Assert.Null(pin.CpusetMemoryMigrate);
        Assert.StartsWith("NUMAAllocator fill_biggest_first: ", pin.Reasons[AllocationTypes.CpusetCpus], StringComparison.Ordinal);
        Assert.Equal(1_200_000, Sample(first, "numa__task_pages_to_move", "c"));
        var info = Assert.Single(loggers.Lines, l => l.Level == LogLevel.Information);
        Assert.StartsWith("NUMAAllocator: pinning task c to NUMA node 1 (size 6000000000 bytes): ", info.Message, StringComparison.Ordinal);

        c = Applied(c, pin);
        var second = allocator.Allocate(TwoNodes(), Tasks(a, b, c, d));
        (id, pin) = Assert.Single(second.Allocations);
        Assert.Equal("b", id); // 6 GB pinned on node 1 < 10 GB on node 0
        Assert.Equal("2-3", pin.CpusetCpus);

        b = Applied(b, pin);
        var third = allocator.Allocate(TwoNodes(), Tasks(a, b, c, d));
        (id, pin) = Assert.Single(third.Allocations);
        Assert.Equal("d", id); // 10 GB on each node: the lower id wins
        Assert.Equal("0-1", pin.CpusetCpus);
        Assert.Equal(0, pin.MigratePages);
        Assert.Equal(400_000, Sample(third, "numa__task_pages_to_move", "d"));
        Assert.Equal(1_200_000 + 500_000 + 400_000, Sample(third, "numa__total_pages_to_move"));

        d = Applied(d, pin);
        var settled = allocator.Allocate(TwoNodes(), Tasks(a, b, c, d));
        // Everything pinned; b and c have < 95 % of their pages on node 1 but were migrated there already.
        Assert.Empty(settled.Allocations);
        Assert.Equal(2, Sample(settled, "numa__balanced_memory_tasks", node: "0"));
        Assert.Equal(12 * GB, Sample(settled, "numa__balanced_memory_size", node: "0"));
        Assert.Equal(2, Sample(settled, "numa__balanced_memory_tasks", node: "1"));
        Assert.Equal(10 * GB, Sample(settled, "numa__balanced_memory_size", node: "1"));
        Assert.Equal(4, Sample(settled, "numa__task_tasks_count"));
        Assert.Equal(1, Sample(settled, "numa__task_current_node", "b"));
        Assert.Equal(3, loggers.Lines.Count(l => l.Level == LogLevel.Information)); // one line per task pinned
    }

    [Fact]
    public void The_orchestrators_memory_request_is_the_size_when_the_task_has_one_and_a_task_without_size_is_not_placed()
    {
        var allocator = Allocator();
        var big = Task("big-usage", 8 * GB, 100, 0, mem: 1 * GB);
        var requested = Task("requested", 1 * GB, 100, 0, mem: 9 * GB);
        var ghost = Task("ghost", 0, 0, 0);

        var result = allocator.Allocate(TwoNodes(), Tasks(big, requested, ghost));

        Assert.Equal("requested", Assert.Single(result.Allocations).Key);
        Assert.Equal(-1, Sample(result, "numa__task_current_node", "ghost"));
        Assert.Empty(allocator.Allocate(TwoNodes(), Tasks(ghost)).Allocations);
    }

    [Fact]
    public void Minimize_migrations_keeps_a_task_where_its_memory_is_unless_it_does_not_fit_there()
    {
        var a = Task("a", 10 * GB, 2_000_000, 0, cpus: "0-1");
        var c = Task("c", 6 * GB, 1_350_000, 150_000); // 90 % on node 0

        // fill_biggest_first looks at pinned memory only: node 1.
        Assert.Equal("2-3", Allocator().Allocate(TwoNodes(), Tasks(a, c)).Allocations["c"].CpusetCpus);

        // minimize_migrations: node 0 holds its memory and has as much free memory as node 1.
        var local = Allocator(algorithm: NumaAlgorithm.MinimizeMigrations).Allocate(TwoNodes(), Tasks(a, c)).Allocations["c"];
        Assert.Equal("0-1", local.CpusetCpus);
        Assert.Contains("node 0 holds most of its memory (90", local.Reasons[AllocationTypes.CpusetCpus], StringComparison.Ordinal);
        Assert.StartsWith("NUMAAllocator minimize_migrations: ", local.Reasons[AllocationTypes.CpusetCpus], StringComparison.Ordinal);

        // Node 0 lacks the free memory for it: the least pinned node with the most free memory.
        var away = Allocator(algorithm: NumaAlgorithm.MinimizeMigrations).Allocate(TwoNodes(free0: 5 * GB), Tasks(a, c)).Allocations["c"];
        Assert.Equal("2-3", away.CpusetCpus);

        // Its memory on node 1, which has the least pinned memory: node 1 whatever the free memory says.
        var there = Task("c", 6 * GB, 150_000, 1_350_000);
        Assert.Equal("2-3", Allocator(algorithm: NumaAlgorithm.MinimizeMigrations).Allocate(TwoNodes(free1: 7 * GB), Tasks(a, there)).Allocations["c"].CpusetCpus);
    }

    [Fact]
    public void Minimize_migrations_leaves_a_task_waiting_when_no_node_is_good_and_takes_the_next()
    {
        // c's memory is on node 1, which holds the pinned memory; neither node has room for c: no node is good, c
        // waits. The smaller d (its memory on node 1 too) fits there.
        var a = Task("a", 10 * GB, 0, 1_000, cpus: "2-3");
        var c = Task("c", 6 * GB, 0, 1_500_000);
        var d = Task("d", 1 * GB, 0, 250_000);

        var result = Allocator(algorithm: NumaAlgorithm.MinimizeMigrations).Allocate(TwoNodes(free0: 5 * GB, free1: 5 * GB), Tasks(a, c, d));

        var (id, pin) = Assert.Single(result.Allocations);
        Assert.Equal("d", id);
        Assert.Equal("2-3", pin.CpusetCpus);
    }

    [Fact]
    public void Free_space_check_refuses_a_node_without_room_for_the_part_not_on_it_yet_and_the_next_task_is_tried()
    {
        var a = Task("a", 10 * GB, 2_000_000, 0, cpus: "0-1");
        var c = Task("c", 6 * GB, 1_464_844, 0); // all 6 GB on node 0: 6 GB to move
        var b = Task("b", 4 * GB, 776_563, 200_000); // 0.82 GB of its 4 GB on node 1: 3.18 GB to move
        var d = Task("d", 2 * GB, 488_281, 0);

        Assert.Equal("c", Assert.Single(Allocator().Allocate(TwoNodes(free1: 3 * GB), Tasks(a, b, c, d)).Allocations).Key);

        var loggers = new RecordingLoggerFactory();
        var checking = Allocator(loggers, freeSpaceCheck: true).Allocate(TwoNodes(free1: 3 * GB), Tasks(a, b, c, d));
        var (id, pin) = Assert.Single(checking.Allocations);
        Assert.Equal("d", id); // c needs 6 GB, b 3.18 GB, d 2 GB of the 3 GB free
        Assert.Equal("2-3", pin.CpusetCpus);
        Assert.Contains(loggers.Lines, l => l.Message.StartsWith("NUMAAllocator: task c not pinned to NUMA node 1: 6000000000 bytes would move there but it has 3000000000 bytes free", StringComparison.Ordinal));
    }

    [Fact]
    public void Loop_min_task_balance_leaves_out_tasks_spread_over_the_nodes()
    {
        var spread = Task("spread", 6 * GB, 600_000, 400_000);
        var local = Task("local", 4 * GB, 50_000, 950_000);

        Assert.Equal("spread", Assert.Single(Allocator().Allocate(TwoNodes(), Tasks(spread, local)).Allocations).Key);
        Assert.Equal("local", Assert.Single(Allocator(loopMinTaskBalance: 0.9).Allocate(TwoNodes(), Tasks(spread, local)).Allocations).Key);
        Assert.Empty(Allocator(loopMinTaskBalance: 0.96).Allocate(TwoNodes(), Tasks(spread, local)).Allocations);
    }

    [Fact]
    public void A_pinned_task_with_less_than_migrate_pages_min_task_balance_on_its_node_gets_its_pages_migrated_again()
    {
        var loggers = new RecordingLoggerFactory();
        var drifted = Task("drifted", 8 * GB, 800_000, 200_000, cpus: "0-1"); // 80 % on node 0
        var fine = Task("fine", 8 * GB, 10_000, 990_000, cpus: "2-3"); // 99 % on node 1
        var allocator = Allocator(loggers);

        var result = allocator.Allocate(TwoNodes(), Tasks(drifted, fine));

        var (id, migrate) = Assert.Single(result.Allocations);
        Assert.Equal("drifted", id);
        Assert.Equal(0, migrate.MigratePages);
        Assert.Null(migrate.CpusetCpus); // the pin stays as it is
        Assert.Contains("80.0 %", migrate.Reasons[AllocationTypes.MigratePages], StringComparison.Ordinal);
        Assert.Equal(200_000, Sample(result, "numa__task_pages_to_move", "drifted"));
        Assert.Single(loggers.Lines, l => l.Message.StartsWith("NUMAAllocator: migrating the pages of task drifted to its NUMA node 0 again", StringComparison.Ordinal));

        // Asked again while it does not happen (the actuator did not migrate), said once.
        Assert.Single(allocator.Allocate(TwoNodes(), Tasks(drifted, fine)).Allocations);
        Assert.Single(loggers.Lines, l => l.Message.StartsWith("NUMAAllocator: migrating", StringComparison.Ordinal));

        // Migrated there already: the actuator migrates once per target, nothing to ask.
        Assert.Empty(Allocator().Allocate(TwoNodes(), Tasks(drifted with { Allocations = drifted.Allocations! with { MigratePages = 0 } }, fine)).Allocations);
        // A lower threshold, or migrate_pages off: nothing.
        Assert.Empty((new NumaAllocator(Services(new RecordingLoggerFactory())) { MigratePagesMinTaskBalance = 0.75 }).Allocate(TwoNodes(), Tasks(drifted, fine)).Allocations);
        Assert.Empty(Allocator(migratePages: false).Allocate(TwoNodes(), Tasks(drifted, fine)).Allocations);
    }

    [Fact]
    public void Without_migrate_pages_a_pin_asks_for_the_cpus_only()
    {
        var pin = Assert.Single(Allocator(migratePages: false).Allocate(TwoNodes(), Tasks(Task("t", 1 * GB, 10, 10))).Allocations).Value;
        Assert.Equal("0-1", pin.CpusetCpus);
        Assert.Null(pin.MigratePages);
    }

    [Fact]
    public void Cgroups_memory_binding_adds_cpuset_mems_and_with_cgroups_memory_migrate_the_memory_migrate_flag()
    {
        var tasks = Tasks(Task("a", 10 * GB, 2_000_000, 0, cpus: "0-1"), Task("c", 6 * GB, 100, 100));

        var bound = Allocator(binding: true).Allocate(TwoNodes(), tasks).Allocations["c"];
        Assert.Equal(("2-3", "1", (bool?)null, (int?)1), (bound.CpusetCpus, bound.CpusetMems, bound.CpusetMemoryMigrate, bound.MigratePages));
        Assert.Equal(bound.Reasons[AllocationTypes.CpusetCpus], bound.Reasons[AllocationTypes.CpusetMems]);

        var migrating = Allocator(binding: true, memoryMigrate: true).Allocate(TwoNodes(), tasks).Allocations["c"];
        Assert.Equal(("2-3", "1", (bool?)true), (migrating.CpusetCpus, migrating.CpusetMems, migrating.CpusetMemoryMigrate));
    }

    [Fact]
    public void Dryrun_reports_the_metrics_and_asks_for_nothing()
    {
        var loggers = new RecordingLoggerFactory();
        var tasks = Tasks(Task("a", 10 * GB, 2_000_000, 0, cpus: "0-1"), Task("c", 6 * GB, 100, 100), Task("drifted", 1 * GB, 10, 90, cpus: "0-1"));

        var result = Allocator(loggers, dryrun: true).Allocate(TwoNodes(), tasks);

        Assert.Empty(result.Allocations);
        Assert.Equal(0, Sample(result, "numa__task_current_node", "a"));
        Assert.Equal(-1, Sample(result, "numa__task_current_node", "c"));
        Assert.Equal(0, Sample(result, "numa__total_pages_to_move"));
        Assert.Equal(11 * GB, Sample(result, "numa__balanced_memory_size", node: "0"));
        Assert.Equal(3, Sample(result, "numa__task_tasks_count"));
        Assert.DoesNotContain(loggers.Lines, l => l.Level >= LogLevel.Information);
        Assert.Contains(loggers.Lines, l => l.Message.StartsWith("NUMAAllocator (dryrun): would pin task c to NUMA node 1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_metrics_are_admissible_prometheus_text_with_the_task_labels()
    {
        var result = Allocator().Allocate(TwoNodes(), Tasks(Task("a", 10 * GB, 2_000_000, 0, cpus: "0-1"), Task("c", 6 * GB, 100, 100)));

        var batch = new MetricBatch();
        foreach (var metric in result.ExtraMetrics) batch.Add(metric);
        var text = PrometheusTextWriter.Format(new MetricPackage(PackageKind.Anomalies, batch), includeTimestamp: false);
        Promtool.AssertParses(text);
        var samples = PrometheusSamples.Parse(text);
        var current = Assert.Single(samples, s => s.Name == "numa__task_current_node" && s["task_id"] == "c");
        Assert.Equal((-1.0, "c"), (current.Value, current["task_name"]));
        Assert.Equal(0, samples.Single(s => s.Name == "numa__balanced_memory_tasks" && s["numa_node"] == "1").Value);
        Assert.All(result.ExtraMetrics, m => Assert.NotNull(MetricCatalog.Find(m.Name)));
    }

    [Fact]
    public void A_platform_with_one_numa_node_has_nothing_to_balance_said_once()
    {
        var loggers = new RecordingLoggerFactory();
        var allocator = Allocator(loggers);
        var platform = new Platform { Cpus = 4, OnlineCpus = [0, 1, 2, 3], NumaNodes = [new NumaNode(0, [0, 1, 2, 3], 1_000_000_000, 1)] };
        var tasks = Tasks(Task("c", 6 * GB, 100, 0));

        Assert.Same(AllocationResult.None, allocator.Allocate(platform, tasks));
        Assert.Same(AllocationResult.None, allocator.Allocate(platform, tasks));
        Assert.Same(AllocationResult.None, allocator.Allocate(new Platform(), tasks));

        var line = Assert.Single(loggers.Lines);
        Assert.Equal((LogLevel.Information, "NUMAAllocator: the platform has 1 NUMA node(s) with CPUs: nothing to balance, allocating nothing"), (line.Level, line.Message));
    }

    [Fact]
    public void A_node_without_cpus_is_no_target_and_a_task_whose_cpuset_cannot_be_read_is_not_pinned()
    {
        var withMemoryNode = TwoNodes() with { NumaNodes = [Node(0, 20 * GB), Node(1, 20 * GB), new NumaNode(2, [], 500 * (long)GB, 0)] };
        var a = Task("a", 10 * GB, 2_000_000, 0, cpus: "0-1");
        var c = Task("c", 6 * GB, 100, 100);
        var unreadable = Task("unreadable", 8 * GB, 100, 100) with { Allocations = new TaskAllocation() };

        var result = Allocator().Allocate(withMemoryNode, Tasks(a, c, unreadable));

        Assert.Equal(("c", "2-3"), (Assert.Single(result.Allocations).Key, result.Allocations["c"].CpusetCpus));
        Assert.DoesNotContain(result.ExtraMetrics, m => m.Labels.TryGetValue("numa_node", out var n) && n == "2");
        var oneCpuNode = TwoNodes() with { NumaNodes = [Node(0, 20 * GB), new NumaNode(1, [], 500 * (long)GB, 0)] };
        Assert.Same(AllocationResult.None, Allocator().Allocate(oneCpuNode, Tasks(a, c)));
    }

    [Fact]
    public void A_task_without_numa_pages_is_warned_about_once()
    {
        var loggers = new RecordingLoggerFactory();
        var allocator = Allocator(loggers);
        var blind = Task("blind", 2 * GB, 0, 0) with { Series = [] };

        allocator.Allocate(TwoNodes(), Tasks(blind));
        allocator.Allocate(TwoNodes(), Tasks(blind));

        Assert.Single(loggers.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("NUMAAllocator: task blind has no task_mem_numa_pages", StringComparison.Ordinal));
    }

    // ---- Keys, as a user writes them ----

    private static NumaAllocator Load(string keys)
    {
        using var dir = new TestDirectory();
        var registry = BuiltInComponents.CreateRegistry();
        registry.Register(typeof(HoldingRunner));
        var config = ConfigurationLoader.Load(dir.Write("config.yaml", "runner: !HoldingRunner\n  payload: !NUMAAllocator" + keys),
            registry, AgentServices.ForTests(), _ => null);
        return Assert.IsType<NumaAllocator>(((HoldingRunner)config.Runner).Payload);
    }

    [Fact]
    public void The_keys_have_the_originals_names_and_defaults()
    {
        var defaults = Load("\n");
        Assert.Equal((NumaAlgorithm.FillBiggestFirst, 0.0, false, true, 0.95, false, false, false),
            (defaults.Algorithm, defaults.LoopMinTaskBalance, defaults.FreeSpaceCheck, defaults.MigratePages, defaults.MigratePagesMinTaskBalance,
             defaults.CgroupsMemoryBinding, defaults.CgroupsMemoryMigrate, defaults.Dryrun));

        var all = Load("\n    algorithm: 'minimize_migrations'\n    loop_min_task_balance: 0.5\n    free_space_check: true\n    migrate_pages: false\n"
            + "    migrate_pages_min_task_balance: 1\n    cgroups_memory_binding: true\n    cgroups_memory_migrate: true\n    dryrun: true\n");
        Assert.Equal((NumaAlgorithm.MinimizeMigrations, 0.5, true, false, 1.0, true, true, true),
            (all.Algorithm, all.LoopMinTaskBalance, all.FreeSpaceCheck, all.MigratePages, all.MigratePagesMinTaskBalance,
             all.CgroupsMemoryBinding, all.CgroupsMemoryMigrate, all.Dryrun));
    }

    [Theory]
    [InlineData("numa_allocator_static.yaml")]
    [InlineData("numa_allocator_mesos.yaml")]
    public void The_originals_configs_load_with_the_real_allocator_and_their_values(string file)
    {
        var path = Path.GetFullPath(Path.Combine(RepoLayout.Root, "..", "shared", "reference", "fixtures", "original-configs", "extra", file));
        var config = ConfigurationLoader.Load(path, BuiltInComponents.CreateRegistry(), AgentServices.ForTests(), name => name == "HOSTNAME" ? "node-1" : null);
        using var runner = Assert.IsType<Wca.Runners.AllocationRunner>(config.Runner);
        var numa = Assert.IsType<NumaAllocator>(runner.Allocator);
        Assert.Equal((NumaAlgorithm.FillBiggestFirst, 0.0, false, true, 0.95, false, false, false),
            (numa.Algorithm, numa.LoopMinTaskBalance, numa.FreeSpaceCheck, numa.MigratePages, numa.MigratePagesMinTaskBalance,
             numa.CgroupsMemoryBinding, numa.CgroupsMemoryMigrate, numa.Dryrun));
    }

    [Theory]
    [InlineData("algorithm: biggest_first", "runner.payload.algorithm", "expected one of fill_biggest_first, minimize_migrations, found 'biggest_first'")]
    [InlineData("loop_min_task_balance: 1.5", "runner.payload.loop_min_task_balance", "Maximum value is 1. Got 1.5.")]
    [InlineData("migrate_pages_min_task_balance: -0.1", "runner.payload.migrate_pages_min_task_balance", "Minimum value is 0. Got -0.1.")]
    [InlineData("free_space_check: 'yes please'", "runner.payload.free_space_check", "expected")]
    [InlineData("cgroups_memory_migrate: true", "runner.payload.cgroups_memory_migrate", "cgroups_memory_migrate: true requires cgroups_memory_binding: true")]
    [InlineData("dry_run: true", "runner.payload", "dry_run")]
    public void A_bad_key_is_a_configuration_error_naming_it(string line, string yamlPath, string said)
    {
        var e = Assert.Throws<ConfigurationException>(() => Load("\n    " + line + "\n"));
        Assert.StartsWith(yamlPath, e.YamlPath);
        Assert.Contains(said, e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
        Assert.EndsWith("config.yaml", e.File);
    }
}

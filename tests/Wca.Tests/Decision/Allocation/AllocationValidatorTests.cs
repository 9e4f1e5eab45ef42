using Wca.Api;
using Wca.Decision.Allocation;

namespace Wca.Tests.Decision.Allocation;

/// <summary>Every way an allocation value is rejected, with its message and reason; the task's other values stay.</summary>
public sealed class AllocationValidatorTests
{
    private static readonly Platform TwoCpusOneNode = new()
    {
        Cpus = 2,
        OnlineCpus = [0, 1],
        NumaNodes = [new NumaNode(0, [0, 1], 0, 0)],
    };

    private static TaskData Task(string id, params (string Key, string Value)[] labels) => new()
    {
        Task = new NodeTask { Name = id, TaskId = id, CgroupPath = "/" + id },
        Labels = LabelSet.From([.. labels, ("task_id", id)]),
        Measurements = new Dictionary<string, double>(),
    };

    private static Dictionary<string, TaskData> Tasks(params TaskData[] tasks) => tasks.ToDictionary(t => t.Task.TaskId, StringComparer.Ordinal);

    private static (TaskAllocation? Valid, List<AllocationProblem> Problems) Validate(TaskAllocation requested, string taskId = "t1", Dictionary<string, TaskData>? tasks = null)
    {
        var problems = new List<AllocationProblem>();
        var valid = new AllocationValidator(TwoCpusOneNode, tasks ?? Tasks(Task("t1"), Task("t2"))).Validate(taskId, requested, problems);
        return (valid, problems);
    }

    private static TaskAllocation Named(params (string Type, object? Value)[] values) =>
        new() { Named = values.ToDictionary(v => v.Type, v => v.Value, StringComparer.Ordinal) };

    [Theory]
    [InlineData("cpu_qouta", 0.5, "unknown_type", "unknown allocation type 'cpu_qouta' (known: cpu_quota, cpu_shares, cpuset_cpus, cpuset_mems, cpuset_memory_migrate, migrate_pages, rdt; cpu_set is read as cpuset_cpus)")]
    [InlineData("cpu_quota", "0.5", "wrong_kind", "expected a number, got the string \"0.5\"")]
    [InlineData("cpu_quota", 1.5, "out_of_range", "1.5 does not belong to range <0;1> (1.0 = the whole machine)")]
    [InlineData("cpu_shares", -1.0, "out_of_range", "-1 does not belong to range <0;inf>")]
    [InlineData("cpuset_cpus", "1-5", "cpu_not_online", "CPUs 2-5 of \"1-5\" are not among the online CPUs (0-1)")]
    [InlineData("cpuset_cpus", "a-b", "wrong_kind", "\"a-b\" is not a list like \"0-3,8\": 'a-b' is neither a number nor a range like 0-3")]
    [InlineData("cpuset_cpus", "", "out_of_range", "\"\" names no CPU: a task needs at least one")]
    [InlineData("cpuset_mems", "1", "no_such_numa_node", "NUMA node 1 of \"1\" is not among the NUMA nodes (0)")]
    [InlineData("migrate_pages", 3L, "no_such_numa_node", "NUMA node 3 does not exist (NUMA nodes: 0)")]
    [InlineData("migrate_pages", "zero", "wrong_kind", "expected a NUMA node number, got the string \"zero\"")]
    [InlineData("cpuset_memory_migrate", 2L, "wrong_kind", "expected 0, 1, true or false, got 2")]
    [InlineData("rdt", "be", "wrong_kind", "expected a mapping with name, l3 and mb, got the string \"be\"")]
    public void AnInvalidValueIsSkippedWithItsReasonAndTheOthersStay(string type, object value, string reason, string message)
    {
        var other = type == "cpu_shares" ? "cpu_quota" : "cpu_shares";
        var (valid, problems) = Validate(Named((type, value), (other, 0.5)));

        var problem = Assert.Single(problems);
        Assert.Equal(("t1", type, reason, message), (problem.TaskId, problem.Type, problem.Reason, problem.Message));
        Assert.Equal(0.5, type == "cpu_shares" ? valid?.CpuQuota : valid?.CpuShares);
    }

    [Fact]
    public void AnUnknownTaskIdIsRejectedAsAWhole()
    {
        var (valid, problems) = Validate(new TaskAllocation { CpuQuota = 0.5 }, taskId: "nope");

        Assert.Null(valid);
        var problem = Assert.Single(problems);
        Assert.Equal(("nope", "unknown_task", "invalid task id 'nope': no such task is measured this iteration"), (problem.TaskId, problem.Reason, problem.Message));
    }

    [Fact]
    public void CpuSetIsReadAsCpusetCpusAndListsAreMadeCanonical()
    {
        var (valid, problems) = Validate(Named(("cpu_set", "1,0"), ("cpuset_mems", 0L), ("cpuset_memory_migrate", 1L), ("migrate_pages", 0L), ("cpu_quota", 1L)));

        Assert.Empty(problems);
        Assert.Equal(("0-1", "0", true, 0, 1.0), (valid!.CpusetCpus, valid.CpusetMems, valid.CpusetMemoryMigrate, valid.MigratePages, valid.CpuQuota));
    }

    [Fact]
    public void ATypedValueWinsOverANamedOneOfTheSameType()
    {
        var (valid, problems) = Validate(new TaskAllocation { CpuQuota = 0.25, Named = new Dictionary<string, object?> { ["cpu_quota"] = "nonsense" } });

        Assert.Empty(problems);
        Assert.Equal(0.25, valid!.CpuQuota);
    }

    [Fact]
    public void SharesAreRejectedWhileKubernetesQosClassesAreMixedAndAcceptedWhenTheyAreNot()
    {
        const string qos = AllocationValidator.QosLabel;
        var mixed = Tasks(Task("t1", (qos, "burstable")), Task("t2", (qos, "besteffort")));
        var same = Tasks(Task("t1", (qos, "burstable")), Task("t2", (qos, "burstable")));
        var notAllKubernetes = Tasks(Task("t1", (qos, "burstable")), Task("t2"));
        var request = new TaskAllocation { CpuShares = 0.5, CpuQuota = 0.5 };

        var (valid, problems) = Validate(request, tasks: mixed);
        var problem = Assert.Single(problems);
        Assert.Equal(("cpu_shares", "qos_mix"), (problem.Type, problem.Reason));
        Assert.Contains("mixing QoS classes and cpu_shares allocations is not supported", problem.Message, StringComparison.Ordinal);
        Assert.Equal((0.5, (double?)null), (valid!.CpuQuota, valid.CpuShares));

        Assert.Empty(Validate(request, tasks: same).Problems);
        Assert.Empty(Validate(request, tasks: notAllKubernetes).Problems);
    }

    [Theory]
    [InlineData("0-3,8", "0-3,8")]
    [InlineData("3,2,1,0", "0-3")]
    [InlineData("0,1,5,6,7", "0-1,5-7")]
    [InlineData(" 4 ", "4")]
    public void CpuListsRoundTripCompact(string text, string compact) =>
        Assert.Equal(compact, CpuList.Format(CpuList.Parse(text, out _)!));
}

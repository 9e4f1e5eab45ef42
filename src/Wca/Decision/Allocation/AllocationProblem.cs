namespace Wca.Decision.Allocation;

/// <summary>One allocation value the runner skipped: which task and type, why (a sentence), and the reason's short name.</summary>
/// <param name="TaskId">The task id as the allocator gave it.</param>
/// <param name="Type">The allocation type as given (e.g. cpu_quota, or a typo).</param>
/// <param name="Reason">The <c>allocations_ignored_count</c> reason label (<see cref="AllocationProblemReasons"/>).</param>
/// <param name="Message">What is wrong, in the operator's terms.</param>
internal sealed record AllocationProblem(string TaskId, string Type, string Reason, string Message);

/// <summary>The reason labels of <c>allocations_ignored_count</c>.</summary>
internal static class AllocationProblemReasons
{
    public const string UnknownType = "unknown_type";
    public const string WrongKind = "wrong_kind";
    public const string OutOfRange = "out_of_range";
    public const string UnknownTask = "unknown_task";
    public const string CpuNotOnline = "cpu_not_online";
    public const string NoSuchNumaNode = "no_such_numa_node";
    public const string QosMix = "qos_mix";
    public const string RdtNotSupported = "rdt_not_supported";
    public const string KernelRefused = "kernel_refused";

    /// <summary>Every reason, so each series exists (at 0) from the first package.</summary>
    public static IReadOnlyList<string> All { get; } =
        [CpuNotOnline, KernelRefused, NoSuchNumaNode, OutOfRange, QosMix, RdtNotSupported, UnknownTask, UnknownType, WrongKind];
}

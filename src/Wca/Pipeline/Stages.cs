namespace Wca.Pipeline;

/// <summary>The stages every runner has, in the profiler's order, with the original's <c>function</c> label names.</summary>
internal static class Stages
{
    public const int GetTasks = 0, Sync = 1, Platform = 2, PrepareTasks = 3, Store = 4, Iteration = 5, Sleep = 6;

    public static readonly string[] Names =
        ["get_tasks", "sync_containers_state", "collect_platform_information", "prepare_tasks_data", "store", "iteration", "sleep"];
}

namespace Wca.Api;

/// <summary>Discovers the tasks running on this node (orchestrator, static list, local cgroups).</summary>
public interface INode
{
    /// <summary>Called once per iteration. May throw; the runner logs, counts and retries next iteration.</summary>
    IReadOnlyList<NodeTask> GetTasks();
}

namespace Wca.Api;

/// <summary>Discovers the tasks running on this node (orchestrator, static list, local cgroups).</summary>
/// <remarks>
/// Called once per iteration on the runner's thread. A node that throws is logged (once per distinct failure) and
/// counted, and the runner measures the tasks it reported last. Returning the same list instance (or the same task
/// instances) while nothing changed lets the runner skip its per-task bookkeeping. The agent disposes a node that
/// implements <see cref="IDisposable"/> when it stops.
/// </remarks>
public interface INode
{
    /// <summary>The tasks on this node now.</summary>
    /// <param name="cancellationToken">Cancelled when the agent stops: abandon a call in flight (a hung orchestrator).</param>
    IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken);
}

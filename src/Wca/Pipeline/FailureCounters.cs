namespace Wca.Pipeline;

/// <summary>
/// Failures the agent survived, by stage (node, task, platform, storage, detect ...) and component (which node,
/// which storage slot, which task resource): wca_failure_count{stage, component}. The series of every known stage
/// and component is present from the first iteration, at 0 until something fails (<see cref="Declare"/>), so a
/// dashboard's rate() or an alert on an increase sees the series before the first failure, not only after it.
/// </summary>
public sealed class FailureCounters
{
    private readonly Dictionary<(string Stage, string Component), long> _counts = [];

    /// <summary>The runner's storages that queue undelivered packages (their backlog goes with the failure counts).</summary>
    internal Wca.Storage.StorageQueues StorageQueues { get; } = new();

    /// <summary>Makes the series of <paramref name="stage"/> and <paramref name="component"/> present (at 0 until counted).</summary>
    public void Declare(string stage, string component) => _counts.TryAdd((stage, component), 0);

    public void Count(string stage, string component)
    {
        var key = (stage, component);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    /// <summary>Failures of <paramref name="stage"/> over all its components.</summary>
    public long this[string stage] => _counts.Where(p => p.Key.Stage == stage).Sum(p => p.Value);

    public IEnumerable<KeyValuePair<(string Stage, string Component), long>> All => _counts;
}

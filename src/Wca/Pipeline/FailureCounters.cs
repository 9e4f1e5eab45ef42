namespace Wca.Pipeline;

/// <summary>
/// Failures the agent survived, by stage (node, task, platform, storage, detect ...) and component (which node,
/// which storage slot, which task resource): wca_failure_count{stage, component}.
/// </summary>
public sealed class FailureCounters
{
    private readonly Dictionary<(string Stage, string Component), long> _counts = [];

    public void Count(string stage, string component)
    {
        var key = (stage, component);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    /// <summary>Failures of <paramref name="stage"/> over all its components.</summary>
    public long this[string stage] => _counts.Where(p => p.Key.Stage == stage).Sum(p => p.Value);

    public IEnumerable<KeyValuePair<(string Stage, string Component), long>> All => _counts;
}

namespace Wca.Pipeline;

/// <summary>Failures the agent survived, by stage (node, task, platform, storage): wca_failure_count{stage}.</summary>
public sealed class FailureCounters
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Count(string stage) => _counts[stage] = _counts.GetValueOrDefault(stage) + 1;

    public long this[string stage] => _counts.GetValueOrDefault(stage);

    public IEnumerable<KeyValuePair<string, long>> All => _counts;
}

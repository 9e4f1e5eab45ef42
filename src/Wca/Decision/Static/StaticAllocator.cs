using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host;
using Wca.Host.Logging;

namespace Wca.Decision.Static;

/// <summary>
/// Allocations from fixed rules (the original's StaticAllocator): the inline <c>rules</c>, then those of the
/// <c>config</c> rules file, applied in order to the tasks they select, later rules overriding earlier ones per
/// allocation type. The rules file is read again whenever it changes on disk; a broken file keeps the last good
/// rules and says why once. Values are handed over as written; the runner validates them per task.
/// </summary>
[WcaComponent]
public sealed partial class StaticAllocator(AgentServices services) : IAllocator
{
    private readonly ILogger _log = services.LoggerFactory.CreateLogger(typeof(StaticAllocator).FullName!);
    private readonly HashSet<StaticAllocatorRule> _warnedRules = new(ReferenceEqualityComparer.Instance);
    private StaticRulesFile? _file;
    private bool _warnedNoRules;
    // The answer depends only on the rules and, for rules that select by labels, on each task's labels: while those
    // are the same objects as last iteration the last answer is the answer (no dictionaries per task and iteration).
    private IReadOnlyList<StaticAllocatorRule>? _answeredInline, _answeredFromFile;
    private readonly Dictionary<string, LabelSet> _answeredLabels = new(StringComparer.Ordinal);
    private bool _answerUsesLabels;
    private AllocationResult? _answer;

    /// <summary>Rules written in the configuration.</summary>
    public IReadOnlyList<StaticAllocatorRule>? Rules { get; init; }

    /// <summary>A YAML file with a list of rules (a relative path is relative to the agent's working directory, as in the original); read again when it changes.</summary>
    [FilePath]
    public string? Config { get; init; }

    /// <inheritdoc/>
    public AllocationResult Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks)
    {
        IReadOnlyList<StaticAllocatorRule> fromFile = [];
        if (Config is not null)
        {
            _file ??= new StaticRulesFile(Path.GetFullPath(Config), services, _log);
            fromFile = _file.Current();
        }
        var inline = Rules ?? [];
        if (inline.Count + fromFile.Count == 0)
        {
            if (!_warnedNoRules) Log.NoRules(_log);
            _warnedNoRules = true;
            return AllocationResult.None;
        }
        _warnedNoRules = false;
        if (_answer is not null && ReferenceEquals(inline, _answeredInline) && ReferenceEquals(fromFile, _answeredFromFile)
            && (!_answerUsesLabels || SameLabels(tasks)))
            return _answer;
        var values = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var index = 0;
        var usesLabels = false;
        foreach (var rule in inline.Concat(fromFile))
        {
            index++;
            if (rule.Allocations is not { } allocations)
            {
                if (_warnedRules.Add(rule)) Log.RuleWithoutAllocations(_log, index, rule.Name ?? "");
                continue;
            }
            if (allocations.Count == 0) continue;
            var reason = $"StaticAllocator rule {index}{(rule.Name is { Length: > 0 } n ? $" '{n}'" : "")}";
            if (rule.TaskId is { } taskId)
            {
                Apply(taskId, allocations, reason, values, reasons);
                continue;
            }
            usesLabels = true;
            foreach (var (id, task) in tasks)
                if (rule.MatchesLabels(task.Labels)) Apply(id, allocations, reason, values, reasons);
        }
        var result = new Dictionary<string, TaskAllocation>(values.Count, StringComparer.Ordinal);
        foreach (var (id, named) in values)
            result[id] = new TaskAllocation { Named = named, Reasons = reasons[id] };
        (_answeredInline, _answeredFromFile, _answerUsesLabels) = (inline, fromFile, usesLabels);
        _answeredLabels.Clear();
        if (usesLabels)
            foreach (var (id, task) in tasks) _answeredLabels[id] = task.Labels;
        return _answer = new AllocationResult(result, [], []);
    }

    /// <summary>Whether <paramref name="tasks"/> are the tasks of the last answer with the same label objects.</summary>
    private bool SameLabels(IReadOnlyDictionary<string, TaskData> tasks)
    {
        if (tasks.Count != _answeredLabels.Count) return false;
        foreach (var (id, task) in tasks)
            if (!_answeredLabels.TryGetValue(id, out var labels) || !ReferenceEquals(labels, task.Labels)) return false;
        return true;
    }

    private static void Apply(string taskId, IReadOnlyDictionary<string, object?> allocations, string reason,
        Dictionary<string, Dictionary<string, object?>> values, Dictionary<string, Dictionary<string, string>> reasons)
    {
        if (!values.TryGetValue(taskId, out var named))
        {
            values[taskId] = named = new Dictionary<string, object?>(StringComparer.Ordinal);
            reasons[taskId] = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        var why = reasons[taskId];
        foreach (var (type, value) in allocations)
        {
            named[type] = value;
            why[type] = reason;
        }
    }
}

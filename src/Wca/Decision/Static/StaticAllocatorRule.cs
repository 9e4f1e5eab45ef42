using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Wca.Api.Configuration;

namespace Wca.Decision.Static;

/// <summary>
/// One rule of a <c>!StaticAllocator</c> (an untagged mapping in <c>rules</c> or in the rules file): which tasks
/// (<c>task_id</c> exactly; else <c>labels</c>, label name → regular expression matched from the start of the value,
/// any listed label matching is enough; else every task) get which <c>allocations</c> (type → value, validated by
/// the runner). Later rules override earlier ones per allocation type.
/// </summary>
[WcaComponent]
public sealed class StaticAllocatorRule
{
    private readonly (string Label, Regex Pattern)[] _patterns = [];

    /// <summary>Shown in logs: which rule asked for a value.</summary>
    [Str] public string? Name { get; init; }

    /// <summary>The one task this rule is for (exact task id).</summary>
    [Str] public string? TaskId { get; init; }

    /// <summary>Label name → regular expression matched from the start of the task's value (the original's re.match).</summary>
    [AllowNull]
    public IReadOnlyDictionary<string, object> Labels
    {
        get;
        init
        {
            field = value ?? new Dictionary<string, object>();
            _patterns = [.. field.Select(p => (p.Key, Compile(p.Key, p.Value)))];
        }
    } = new Dictionary<string, object>();

    /// <summary>Allocation type → value (cpu_quota: 0.5, cpuset_cpus: "1-3", rdt: {name, l3, mb} ...); null = the rule is ignored with a warning.</summary>
    public IReadOnlyDictionary<string, object?>? Allocations { get; init; }

    /// <summary>Whether this rule selects a task with these labels (only for rules without task_id).</summary>
    internal bool MatchesLabels(IReadOnlyDictionary<string, string> labels)
    {
        if (_patterns.Length == 0) return true;
        foreach (var (label, pattern) in _patterns)
            if (labels.TryGetValue(label, out var value) && pattern.IsMatch(value)) return true;
        return false;
    }

    private static Regex Compile(string label, object? pattern)
    {
        var text = pattern switch
        {
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            bool b => b ? "True" : "False",
            _ => throw new ArgumentException($"the pattern of label '{label}' must be a string (a regular expression)", "labels"),
        };
        try
        {
            // Anchored at the start only, as re.match: '[01]' matches 0, 10 and 1abc.
            return new Regex(@"\A(?:" + text + ")", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the pattern '{text}' of label '{label}' is not a valid regular expression: {e.Message}", "labels");
        }
    }
}

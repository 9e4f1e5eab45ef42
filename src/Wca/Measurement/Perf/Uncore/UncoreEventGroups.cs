using Wca.Api.Configuration;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// uncore_event_names parsed: a flat list is one group, a list of lists one group per inner list (so more events
/// than a PMU has counters can be counted without multiplexing inside a group). Each group is opened once per PMU
/// instance of each kind its events name and per socket of that PMU.
/// </summary>
internal sealed class UncoreEventGroups
{
    public static readonly UncoreEventGroups None = new([]);

    private UncoreEventGroups(IReadOnlyList<IReadOnlyList<UncoreEventDefinition>> groups)
    {
        Groups = groups;
        Names = [.. groups.SelectMany(g => g).Select(e => e.Name)];
    }

    public IReadOnlyList<IReadOnlyList<UncoreEventDefinition>> Groups { get; }

    /// <summary>Every event's metric name, in configured order.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool IsEmpty => Names.Count == 0;

    /// <summary>Built from configured groups of items (tests and the binder's value); errors name <paramref name="key"/>.</summary>
    public static UncoreEventGroups Parse(IReadOnlyList<IReadOnlyList<string>> groups, string key)
    {
        var parsed = new List<IReadOnlyList<UncoreEventDefinition>>(groups.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (group is null || group.Count == 0) throw new ArgumentException("an inner list of uncore events is empty: give at least one event per group", key);
            var events = new List<UncoreEventDefinition>(group.Count);
            foreach (var item in group)
            {
                if (string.IsNullOrWhiteSpace(item) || item.Any(char.IsWhiteSpace))
                    throw new ArgumentException($"'{item}' is not an uncore event name (a name like platform_cas_count_reads, without spaces)", key);
                var e = UncoreEventParser.Parse(item, key);
                if (!seen.Add(e.Name)) throw new ArgumentException($"'{e.Name}' is given twice: each uncore event once", key);
                events.Add(e);
            }
            parsed.Add(events);
        }
        return parsed.Count == 0 ? None : new UncoreEventGroups(parsed);
    }

    /// <summary>The YAML value: a flat list (one group) or a list of lists; null = none.</summary>
    public static UncoreEventGroups FromYaml(Either<IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<string>>>? value, string key)
    {
        if (value is not { } v) return None;
        if (v.IsFirst) return v.First is { Count: > 0 } flat ? Parse([flat], key) : None;
        return Parse(v.Second ?? [], key);
    }
}

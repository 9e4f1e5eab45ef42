using System.Globalization;
using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Host.Configuration;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// An item of uncore_event_names: a predefined name (platform_cas_count_reads ...) or a user definition in perf(1)'s
/// syntax, <c>name/uncore_imc/event=0x04,umask=0x03/</c> (fields from the PMU's format/, or config=, config1=,
/// config2=, config3= raw words; values hex with 0x or decimal; a bare field means 1, as in perf).
/// </summary>
internal static partial class UncoreEventParser
{
    /// <summary>The help of a user-defined uncore event's metric (the original's).</summary>
    public const string UserHelp = "Uncore metric provided by user";

    [GeneratedRegex(@"^(?<name>[a-zA-Z_][a-zA-Z0-9_]*)/(?<pmu>uncore_[a-z0-9_]+)/(?<terms>[^/]*)/$", RegexOptions.CultureInvariant)]
    private static partial Regex Definition();

    [GeneratedRegex(@"^(?<field>[a-z][a-z0-9_]*)(=(?<value>0[xX][0-9a-fA-F]+|[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Term();

    /// <summary>Parses one item; throws <see cref="ArgumentException"/> naming <paramref name="key"/> and saying what is expected.</summary>
    public static UncoreEventDefinition Parse(string item, string key)
    {
        if (PredefinedUncoreEvents.Find(item) is { } predefined) return predefined;
        if (item.Contains('/'))
        {
            var m = Definition().Match(item);
            if (!m.Success)
                throw new ArgumentException($"'{item}' is not an uncore event definition: expected name/uncore_<pmu>/field=value,.../ "
                    + "(e.g. my_reads/uncore_imc/event=0x04,umask=0x03/)", key);
            var name = m.Groups["name"].Value;
            var terms = new List<UncoreEventTerm>();
            if (m.Groups["terms"].Value.Trim().Length == 0) throw new ArgumentException($"'{item}' has no terms (e.g. event=0x04,umask=0x03)", key);
            foreach (var part in m.Groups["terms"].Value.Split(',', StringSplitOptions.TrimEntries))
            {
                var t = Term().Match(part);
                if (!t.Success || !TryValue(t.Groups["value"], out var value))
                    throw new ArgumentException($"'{part}' in '{item}' is not a field=value term (field a lower-case name, value 0x-hex or decimal up to 64 bits)", key);
                if (terms.Any(x => x.Field == t.Groups["field"].Value))
                    throw new ArgumentException($"'{item}' gives {t.Groups["field"].Value} twice", key);
                terms.Add(new UncoreEventTerm(t.Groups["field"].Value, value));
            }
            if (MetricCatalog.Find(name) is { } own)
                throw new ArgumentException($"'{name}' is the name of the agent's own metric {own.Name}: give the event another name", key);
            return new UncoreEventDefinition(new MetricDescriptor(name, MetricType.Gauge, UserHelp, "numeric"), m.Groups["pmu"].Value, terms, predefined: false);
        }
        var names = PredefinedUncoreEvents.All.Select(e => e.Name).ToArray();
        var close = NameSuggestion.Closest(item, names);
        throw new ArgumentException($"'{item}' is not a predefined uncore event{(close is null ? "" : $" (did you mean '{close}'?)")}: "
            + $"expected one of {string.Join(", ", names)} or a definition name/uncore_<pmu>/event=0x..,umask=0x../", key);
    }

    private static bool TryValue(Group group, out ulong value)
    {
        value = 1;
        if (!group.Success) return true;
        var text = group.Value;
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

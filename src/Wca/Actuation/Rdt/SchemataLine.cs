using System.Globalization;

namespace Wca.Actuation.Rdt;

/// <summary>
/// One schemata line, <c>RES:id=value;id=value</c> (resctrl.rst "Schemata files - general concepts"): the resource
/// name and the domains in the order given. Values keep their text; <see cref="Normalized"/> is how two lines are
/// compared: the kernel prints L3 masks zero-padded and MB values space-padded, so "L3:0=00ff;1=0ff" is "L3:0=ff;1=ff".
/// </summary>
internal sealed record SchemataLine(string Resource, IReadOnlyList<KeyValuePair<string, string>> Domains)
{
    /// <summary>The line parsed, or null and <paramref name="error"/> (an empty domain, no '=', an empty id or value, a repeated id).</summary>
    public static SchemataLine? TryParse(string text, out string? error)
    {
        error = null;
        var line = text.Trim();
        var colon = line.IndexOf(':');
        if (colon < 0)
        {
            error = $"\"{text}\" has no resource name: expected e.g. \"L3:0=fffff;1=fffff\"";
            return null;
        }
        var resource = line[..colon].Trim();
        var body = line[(colon + 1)..].Trim();
        var domains = new List<KeyValuePair<string, string>>();
        if (body.Length == 0) return new SchemataLine(resource, domains);
        foreach (var raw in body.Split(';'))
        {
            var piece = raw.Trim();
            var eq = piece.IndexOf('=');
            string? problem = piece.Length == 0 ? "an empty domain (\";;\" or a trailing ';')"
                : eq < 0 ? $"\"{piece}\" has no '=' between domain id and value"
                : eq == 0 ? $"\"{piece}\" has no domain id"
                : eq == piece.Length - 1 ? $"\"{piece}\" has no value"
                : null;
            if (problem is null)
            {
                var id = piece[..eq].Trim();
                if (domains.Exists(d => d.Key == id)) problem = $"domain {id} is given twice";
                else domains.Add(new(id, piece[(eq + 1)..].Trim()));
            }
            if (problem is not null)
            {
                error = $"\"{text}\" is not a schemata line: {problem}";
                return null;
            }
        }
        return new SchemataLine(resource, domains);
    }

    /// <summary>A domain's value without the padding the kernel adds (leading spaces and zeros; "000" is "0").</summary>
    public static string Normalized(string value)
    {
        var v = value.Trim().TrimStart('0');
        return v.Length == 0 ? "0" : v.ToLowerInvariant();
    }

    /// <summary>The value of domain <paramref name="id"/>, or null.</summary>
    public string? ValueOf(string id)
    {
        foreach (var d in Domains)
            if (d.Key == id) return d.Value;
        return null;
    }

    /// <summary>
    /// Whether writing this line would leave <paramref name="current"/> as it is: every domain this line gives has the
    /// same normalized value there (a domain this line omits keeps its value in the kernel, as the kernel does).
    /// </summary>
    public bool IsHeldBy(SchemataLine? current)
    {
        if (current is null || !string.Equals(current.Resource, Resource, StringComparison.Ordinal)) return false;
        foreach (var (id, value) in Domains)
            if (current.ValueOf(id) is not { } held || Normalized(held) != Normalized(value)) return false;
        return true;
    }

    /// <summary>This line with the domains of <paramref name="current"/> it omits (what the kernel holds after the write).</summary>
    public SchemataLine Over(SchemataLine? current)
    {
        if (current is null || current.Resource != Resource) return this;
        var merged = new List<KeyValuePair<string, string>>(current.Domains.Count);
        foreach (var (id, value) in current.Domains) merged.Add(new(id, ValueOf(id) ?? value));
        foreach (var d in Domains)
            if (current.ValueOf(d.Key) is null) merged.Add(d);
        return new SchemataLine(Resource, merged);
    }

    /// <summary>A domain id as a number, or null.</summary>
    public static int? DomainNumber(string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The kernel's form, without padding: <c>L3:0=ff;1=ff</c>.</summary>
    public override string ToString() => Resource + ":" + string.Join(';', Domains.Select(d => d.Key + "=" + Normalized(d.Value)));
}

namespace Wca.Host.Configuration.Yaml;

/// <summary>
/// One node of a parsed configuration document. An alias (<c>*name</c>) is the very same instance as
/// its anchored node, which is how one component ends up shared.
/// </summary>
internal abstract class YamlNode(int line, int column, string? tag)
{
    /// <summary>1-based.</summary>
    public int Line { get; } = line;
    /// <summary>1-based.</summary>
    public int Column { get; } = column;
    /// <summary>null = no tag; "!" = non-specific (quoted); else "!Name" or a full "tag:yaml.org,2002:..." tag.</summary>
    public string? Tag { get; } = tag;

    /// <summary>A tag naming a component or a custom constructor (<c>!MeasurementRunner</c>, <c>!Env</c>).</summary>
    public string? LocalTag => Tag is { Length: > 1 } t && t[0] == '!' && t[1] != '!' ? t[1..] : null;
}

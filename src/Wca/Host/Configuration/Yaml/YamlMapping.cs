namespace Wca.Host.Configuration.Yaml;

/// <summary>A mapping in document order, merge keys (<c>&lt;&lt;</c>) already applied, keys unique.</summary>
internal sealed class YamlMapping(int line, int column, string? tag, List<YamlEntry> entries) : YamlNode(line, column, tag)
{
    public IReadOnlyList<YamlEntry> Entries { get; } = entries;

    public IEnumerable<string> KeyTexts => Entries.Select(e => e.Key is YamlScalar s ? s.Value : "?");
}

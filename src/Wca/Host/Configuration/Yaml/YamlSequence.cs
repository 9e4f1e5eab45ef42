namespace Wca.Host.Configuration.Yaml;

internal sealed class YamlSequence(int line, int column, string? tag, List<YamlNode> items) : YamlNode(line, column, tag)
{
    public IReadOnlyList<YamlNode> Items { get; } = items;
}

namespace Wca.Host.Configuration.Yaml;

/// <summary>A scalar; <see cref="IsPlain"/> distinguishes <c>1</c> (an integer) from <c>'1'</c> (a string).</summary>
internal sealed class YamlScalar(int line, int column, string? tag, string value, bool isPlain) : YamlNode(line, column, tag)
{
    public string Value { get; } = value;
    public bool IsPlain { get; } = isPlain;
}

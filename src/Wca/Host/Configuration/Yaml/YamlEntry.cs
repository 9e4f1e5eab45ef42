namespace Wca.Host.Configuration.Yaml;

/// <summary>One key/value pair of a mapping (a class, not a KeyValuePair: shared generic code, no start-up JIT).</summary>
internal sealed class YamlEntry(YamlNode key, YamlNode value)
{
    public YamlNode Key { get; } = key;
    public YamlNode Value { get; } = value;

    public void Deconstruct(out YamlNode key, out YamlNode value)
    {
        key = Key;
        value = Value;
    }
}

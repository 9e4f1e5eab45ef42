namespace Wca.Api.Configuration;

/// <summary>Binds a parameter or property to a YAML key other than its snake_case name.</summary>
/// <remarks>Several names may be given: the first is the canonical one, the others are accepted aliases
/// (e.g. <c>interval</c> and the 2019 name <c>action_delay</c>).</remarks>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class ConfigNameAttribute(string name, params string[] aliases) : Attribute
{
    /// <summary>The canonical YAML key.</summary>
    public string Name { get; } = name;
    /// <summary>Other keys accepted for the same value (older names).</summary>
    public IReadOnlyList<string> Aliases { get; } = aliases;
}

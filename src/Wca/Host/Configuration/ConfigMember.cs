using System.Reflection;
using Wca.Api.Configuration;

namespace Wca.Host.Configuration;

/// <summary>One constructor parameter or settable property of a component, as the YAML sees it.</summary>
internal sealed class ConfigMember
{
    public required string Key { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
    /// <summary>The C# name, for messages about constructor exceptions.</summary>
    public required string ClrName { get; init; }
    public required ValueSpec Spec { get; init; }
    public required IReadOnlyList<ConfigValidationAttribute> Validators { get; init; }
    /// <summary>Injected from <see cref="Wca.Host.AgentServices"/>, never read from YAML.</summary>
    public bool IsService { get; init; }
    /// <summary>Position in <see cref="ComponentModel.Members"/>.</summary>
    public required int Index { get; init; }
    /// <summary>Constructor parameter position, or -1 for a property.</summary>
    public int ParameterIndex { get; init; } = -1;
    public PropertyInfo? Property { get; init; }
    /// <summary>Absent key is an error (no default, not nullable, or a C# <c>required</c> property).</summary>
    public bool IsRequired { get; init; }
    /// <summary>The value used when the key is absent (constructor parameters only).</summary>
    public object? DefaultValue { get; init; }

    public string KeysText => Aliases.Count == 0 ? Key : $"{Key} ({string.Join(", ", Aliases)})";
}

namespace Wca.Api.Configuration;

/// <summary>
/// Base of the checks applied to a configuration value after it was converted to the declared type.
/// Derive from it for your own rules.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = true)]
public abstract class ConfigValidationAttribute : Attribute
{
    /// <summary>Which part of the value is checked: the value itself (default), or each item, key or value of a collection.</summary>
    public ValidationTarget Target { get; init; } = ValidationTarget.Value;

    /// <summary>What a valid value looks like, for error messages ("a number from 0 to 60").</summary>
    public abstract string Expected { get; }

    /// <summary>Returns null when valid, else a sentence saying what is wrong.</summary>
    public abstract string? Validate(object value);
}

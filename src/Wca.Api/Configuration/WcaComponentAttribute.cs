namespace Wca.Api.Configuration;

/// <summary>
/// Marks a class usable as a YAML tag (<c>!ClassName</c>). Loading a plugin assembly registers every
/// class carrying it. Keys bind to the public constructor's parameters and to settable/init
/// properties, by snake_case name (<c>cycleLength</c> ← <c>cycle_length</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WcaComponentAttribute : Attribute
{
    /// <summary>Tag name without '!'; defaults to the class's simple name.</summary>
    public string? Tag { get; init; }
}

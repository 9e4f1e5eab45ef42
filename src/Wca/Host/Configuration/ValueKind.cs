namespace Wca.Host.Configuration;

/// <summary>How a YAML node becomes a value of a declared type.</summary>
internal enum ValueKind
{
    String,
    Boolean,
    Integer,
    Float,
    Enum,
    TimeSpan,
    /// <summary>Plain YAML data: string, long, double, bool, List&lt;object?&gt;, Dictionary&lt;string, object?&gt;, or a tagged component.</summary>
    Object,
    List,
    Array,
    Dictionary,
    Either,
    /// <summary>A tagged node; a concrete class may also be written as an untagged mapping.</summary>
    Component,
}

namespace Wca.Api.Configuration;

/// <summary>Which part of a value a validation attribute checks.</summary>
public enum ValidationTarget
{
    /// <summary>The value itself.</summary>
    Value,
    /// <summary>Every item of a list.</summary>
    Items,
    /// <summary>Every key of a map.</summary>
    Keys,
    /// <summary>Every value of a map.</summary>
    Values,
}

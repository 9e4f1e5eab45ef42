namespace Wca.Api.Configuration;

/// <summary>A string of at most <see cref="MaxSize"/> characters (default 400, as in the reference).</summary>
public sealed class StrAttribute(int maxSize = 400) : ConfigValidationAttribute
{
    /// <summary>Longest accepted string, in characters.</summary>
    public int MaxSize { get; } = maxSize;

    /// <inheritdoc/>
    public override string Expected => $"a string of at most {MaxSize} characters";

    /// <inheritdoc/>
    public override string? Validate(object value)
    {
        if (value is not string s) return "Invalid type: " + value.GetType().Name + ". Type must be a string.";
        return s.Length > MaxSize ? $"Given str is too long. Max allowed length is {MaxSize}. Got {s.Length}." : null;
    }
}

namespace Wca.Api.Configuration;

/// <summary>A file system path: no '..' component, optionally absolute and readable at load time.</summary>
public sealed class FilePathAttribute : ConfigValidationAttribute
{
    /// <summary>The path must start with '/'.</summary>
    public bool Absolute { get; init; }
    /// <summary>Longest accepted path, in characters (default 400, as in the reference).</summary>
    public int MaxSize { get; init; } = 400;
    /// <summary>The file must exist and be readable when the configuration is loaded.</summary>
    public bool MustBeReadable { get; init; }

    /// <inheritdoc/>
    public override string Expected =>
        (Absolute ? "an absolute path" : "a path") + " without '..'" + (MustBeReadable ? " to a readable file" : "");

    /// <inheritdoc/>
    public override string? Validate(object value)
    {
        if (value is not string s) return "Invalid type: " + value.GetType().Name + ". Type must be a string.";
        if (s.Length > MaxSize) return $"Given path is too long. Max allowed length is {MaxSize}. Got {s.Length}.";
        if (s.Split('/').Any(part => part == ".."))
            return "You are trying to access parent directory by using '..' expression which is not allowed. Try using absolute path instead.";
        if (Absolute && !s.StartsWith('/'))
            return "An absolute path is required (starting with '/').";
        if (MustBeReadable)
        {
            try
            {
                using var f = File.OpenRead(s);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"file does not exist or cannot be read: '{s}' ({e.Message})";
            }
        }
        return null;
    }
}

namespace Wca.Api.Configuration;

/// <summary>An absolute URL with an allowed scheme (http, https) and a host.</summary>
public sealed class UrlAttribute : ConfigValidationAttribute
{
    /// <summary>Longest accepted URL, in characters (default 400, as in the reference).</summary>
    public int MaxSize { get; init; } = 400;
    /// <summary>The URL must have a path beyond '/'.</summary>
    public bool PathRequired { get; init; }
    /// <summary>Accepted schemes, compared case-insensitively (default http and https).</summary>
    public string[] Schemes { get; init; } = ["http", "https"];

    /// <inheritdoc/>
    public override string Expected => $"a URL like {Schemes[0]}://host:port{(PathRequired ? "/path" : "")}";

    /// <inheritdoc/>
    public override string? Validate(object value)
    {
        if (value is not string s) return "Invalid type: " + value.GetType().Name + ". Type must be a string.";
        if (s.Length > MaxSize) return $"Given url is too long. Max allowed length is {MaxSize}. Got {s.Length}.";
        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || !s.Contains("://", StringComparison.Ordinal))
            return $"Invalid url '{s}': expected scheme://host (scheme one of {string.Join(", ", Schemes)}).";
        if (!Schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
            return $"Invalid url. Got: {uri.Scheme}. Use one of supported schemes: {string.Join(", ", Schemes)}";
        if (string.IsNullOrEmpty(uri.Host)) return "Invalid url. Netloc can't be empty.";
        if (PathRequired && uri.AbsolutePath is "" or "/") return "Invalid url. Path can't be empty.";
        return null;
    }
}

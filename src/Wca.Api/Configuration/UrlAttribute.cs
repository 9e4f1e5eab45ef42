namespace Wca.Api.Configuration;

/// <summary>An absolute URL with an allowed scheme (http, https) and a host.</summary>
public sealed class UrlAttribute : ConfigValidationAttribute
{
    public int MaxSize { get; init; } = 400;
    public bool PathRequired { get; init; }
    public string[] Schemes { get; init; } = ["http", "https"];

    public override string Expected => $"a URL like {Schemes[0]}://host:port{(PathRequired ? "/path" : "")}";

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

namespace Wca.Host.Configuration;

/// <summary>
/// Bounds that keep a hostile or broken configuration file from taking the agent's memory, stack or time: every
/// limit is far above what a real configuration needs (the original's largest is a few kilobytes).
/// </summary>
internal static class ConfigurationLimits
{
    /// <summary>Largest configuration file, in bytes.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Deepest nesting of lists and mappings (the recursive binder's stack stays small).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most values aliases may produce in total (each use of an alias counts every value under its anchor).</summary>
    public const int MaxAliasExpansion = 100_000;

    /// <summary>Longest single error message; longer ones keep their start and end.</summary>
    public const int MaxMessageLength = 1_000;
}

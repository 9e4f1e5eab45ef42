using Microsoft.Extensions.Logging;

namespace Wca.Host.Logging;

/// <summary>
/// One <c>[module:]level</c> setting. Modules are lower-cased dotted prefixes of logger categories
/// (<c>wca</c> covers every <c>Wca.*</c> category); the empty module is the root (everything).
/// </summary>
public readonly record struct ModuleLevel(string Module, LogLevel Level)
{
    /// <summary>The module a bare level (no colon) applies to.</summary>
    public const string DefaultModule = "wca";

    /// <summary>
    /// Parses <c>level</c>, <c>module:level</c>, <c>:level</c> or <c>"":level</c> (root). Returns an error
    /// message naming the problem, or null.
    /// </summary>
    public static string? TryParse(string text, out ModuleLevel setting)
    {
        setting = default;
        var parts = text.Split(':');
        if (parts.Length > 2)
            return $"Invalid log level '{text}': expected [module:]level with at most one ':'.";
        var (module, levelName) = parts.Length == 1 ? (DefaultModule, parts[0]) : (parts[0], parts[1]);
        if (!LogLevelNames.TryParse(levelName, out var level))
            return $"Invalid log level '{levelName}' in '{text}': use one of {LogLevelNames.Accepted}.";
        setting = new ModuleLevel(NormalizeModule(module), level);
        return null;
    }

    /// <summary>Lower-cases a module name; <c>""</c> written literally (with quotes) also means the root.</summary>
    public static string NormalizeModule(string module)
    {
        var m = module.Trim();
        return m is "\"\"" or "''" ? string.Empty : m.ToLowerInvariant();
    }

    /// <summary>The module name of a logger category: the category lower-cased (<c>Wca.Runners.X</c> → <c>wca.runners.x</c>).</summary>
    public static string ModuleOf(string category) => category.ToLowerInvariant();
}

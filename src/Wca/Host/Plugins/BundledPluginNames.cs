namespace Wca.Host.Plugins;

/// <summary>
/// The original WCA's bundled <c>--register</c> names (Python <c>module:Class</c>) and the example plugin types that
/// stand for them, so that its systemd unit, Dockerfile and guides work as written. The example plugin
/// (Wca.Examples.dll) ships next to the agent (<c>make dist</c>) and is searched like any assembly named without a path.
/// </summary>
public static class BundledPluginNames
{
    /// <summary>The example plugin's assembly name.</summary>
    public const string ExamplesAssembly = "Wca.Examples";

    /// <summary>Original name → full name of the example type.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["example.external_package:ExampleDetector"] = "Example.ExampleDetector",
        ["example.hello_world_runner:HelloWorldRunner"] = "Example.HelloWorldRunner",
        ["example.http_storage:HTTPStorage"] = "Example.HttpStorage",
    };

    /// <summary>
    /// Whether <paramref name="module"/>:<paramref name="type"/> reads as a Python <c>package.module:Class</c> (how the
    /// original named components): lower-case dotted identifiers and a class name without a namespace. .NET specs name
    /// a type with its namespace, so this never shadows one.
    /// </summary>
    public static bool LooksLikePython(string module, string type) =>
        module.Length > 0 && type.Length > 0 && !type.Contains('.')
        && module.Split('.').All(IsPythonIdentifier) && module.Any(char.IsAsciiLetterLower) && !module.Any(char.IsAsciiLetterUpper);

    private static bool IsPythonIdentifier(string part) =>
        part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '_') && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

namespace Wca.Host.Plugins;

/// <summary>
/// One <c>-r/--register</c> value: <c>path/to/Plugin.dll:Namespace.Type</c> (a file) or
/// <c>Namespace.Type, AssemblyName</c> / <c>AssemblyName:Namespace.Type</c> (an assembly searched by name), or one of the
/// original's bundled names (<see cref="BundledPluginNames"/>).
/// </summary>
/// <param name="TypeName">Full name of the component type.</param>
/// <param name="AssemblyPath">Set for the file spelling.</param>
/// <param name="AssemblyName">Set for the by-name spellings.</param>
public sealed record PluginSpec(string Text, string TypeName, string? AssemblyPath, string? AssemblyName)
{
    /// <exception cref="PluginLoadException">The text is empty, a Python name of the original, or has neither spelling.</exception>
    public static PluginSpec Parse(string text)
    {
        var spec = text.Trim();
        if (spec.Length == 0)
            throw new PluginLoadException("Cannot register '': the register value is empty (an unset variable such as $EXTRA_COMPONENT?): "
                + "pass path/to/Plugin.dll:Namespace.Type or 'Namespace.Type, AssemblyName', or leave --register out.");
        if (BundledPluginNames.Aliases.TryGetValue(spec, out var bundled))
            return new PluginSpec(text, bundled, null, BundledPluginNames.ExamplesAssembly);
        var comma = spec.IndexOf(',');
        if (comma >= 0)
        {
            var type = spec[..comma].Trim();
            var assembly = spec[(comma + 1)..].Trim();
            if (type.Length > 0 && assembly.Length > 0 && !assembly.Contains(','))
                return new PluginSpec(text, type, null, assembly);
        }
        else
        {
            // Type names never contain ':', paths may: split at the last one.
            var colon = spec.LastIndexOf(':');
            if (colon > 0 && colon < spec.Length - 1)
            {
                var left = spec[..colon].Trim();
                var type = spec[(colon + 1)..].Trim();
                if (left.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || left.Contains('/'))
                    return new PluginSpec(text, type, left, null);
                if (BundledPluginNames.LooksLikePython(left, type))
                    throw new PluginLoadException($"Cannot register '{text}': that is a Python module:Class name of the original WCA; "
                        + $"this agent loads .NET assemblies: pass path/to/Plugin.dll:Namespace.{type} or 'Namespace.{type}, AssemblyName' "
                        + $"(a component written for the original has to be ported to C#: see docs/coming-from-wca.md). "
                        + $"The original's bundled names are accepted as they are: {string.Join(", ", BundledPluginNames.Aliases.Keys)}.");
                return new PluginSpec(text, type, null, left);
            }
        }
        throw new PluginLoadException(
            $"Cannot register '{text}': expected path/to/Plugin.dll:Namespace.Type or 'Namespace.Type, AssemblyName'.");
    }
}

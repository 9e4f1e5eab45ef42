using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Wca.Host.Plugins;

/// <summary>
/// Whether this build can load plugin assemblies: the JIT build can; the Native AOT build cannot, and its compiler
/// drops the plugin code altogether (<see cref="RuntimeFeature.IsDynamicCodeSupported"/> is a constant false there).
/// </summary>
public static class PluginSupport
{
    internal const string Why = "Plugins are .NET assemblies loaded at run time: only the JIT build of wca (wca-jit) can load them.";
    internal const string OnlyUntrimmed = "Plugin code only runs where IsSupported: the JIT build, which is never trimmed (Native AOT is the only trimmed build).";

    [FeatureGuard(typeof(RequiresDynamicCodeAttribute))]
    public static bool IsSupported => RuntimeFeature.IsDynamicCodeSupported;
}

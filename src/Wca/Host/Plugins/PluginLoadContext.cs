using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace Wca.Host.Plugins;

/// <summary>
/// One plugin assembly with its private dependencies (resolved from its .deps.json). Wca.Api and the
/// Microsoft.Extensions.* and System.* assemblies always come from the host, so that a plugin's IRunner or
/// ILogger is the host's type.
/// </summary>
[RequiresDynamicCode(PluginSupport.Why)]
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PluginSupport.OnlyUntrimmed)]
[UnconditionalSuppressMessage("Trimming", "IL2072", Justification = PluginSupport.OnlyUntrimmed)]
internal sealed class PluginLoadContext(string assemblyPath) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(assemblyPath))
{
    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    public static bool IsShared(AssemblyName name) =>
        name.Name is { } n && (n == "Wca.Api" || n == "wca" || n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
            || n.StartsWith("System.", StringComparison.Ordinal) || n is "System" or "mscorlib" or "netstandard");

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName)) return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}

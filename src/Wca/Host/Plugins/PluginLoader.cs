using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host.Configuration;

namespace Wca.Host.Plugins;

/// <summary>
/// Loads <c>--register</c> components: each plugin assembly once, in its own <see cref="PluginLoadContext"/>;
/// loading registers all of its [WcaComponent] types, then the named type (under its simple name).
/// Assemblies named without a path are searched next to the configuration file, then on the directories of
/// WCA_PLUGIN_PATH (':'-separated), then next to the agent. A component whose [WcaComponent] tag differs from its
/// class name answers to both (the example's <c>!HTTPStorage</c>, the original's tag, is also <c>!HttpStorage</c>).
/// </summary>
[RequiresDynamicCode(PluginSupport.Why)]
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PluginSupport.OnlyUntrimmed)]
[UnconditionalSuppressMessage("Trimming", "IL2072", Justification = PluginSupport.OnlyUntrimmed)]
[UnconditionalSuppressMessage("Trimming", "IL2062", Justification = PluginSupport.OnlyUntrimmed)]
public sealed class PluginLoader(ComponentRegistry registry, string? configDirectory, Func<string, string?> getEnvironmentVariable)
{
    public const string PluginPathVariable = "WCA_PLUGIN_PATH";

    private static readonly Type[] ComponentInterfaces = [typeof(IRunner), typeof(INode), typeof(IStorage), typeof(IAnomalyDetector), typeof(IAllocator)];

    private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);

    /// <summary>Loads and registers the component <paramref name="spec"/> names.</summary>
    /// <exception cref="PluginLoadException">File or type not found, or the type is not a component.</exception>
    public Type Register(PluginSpec spec)
    {
        var path = Locate(spec);
        var assembly = Load(spec, path);
        var type = assembly.GetType(spec.TypeName, throwOnError: false);
        if (type is null)
        {
            var available = ComponentTypes(assembly).Select(t => t.FullName).Order(StringComparer.Ordinal).ToArray();
            throw new PluginLoadException($"Cannot register '{spec.Text}': type '{spec.TypeName}' not found in '{path}'. "
                + (available.Length == 0 ? "It has no component types." : $"Its component types are: {string.Join(", ", available)}."));
        }
        if (!IsComponent(type))
            throw new PluginLoadException($"Cannot register '{spec.Text}': '{type.FullName}' in '{path}' is not a component "
                + "(a public non-abstract class marked [WcaComponent] or implementing IRunner, INode, IStorage, IAnomalyDetector or IAllocator).");
        try
        {
            registry.Register(type);
        }
        catch (ArgumentException e)
        {
            throw new PluginLoadException($"Cannot register '{spec.Text}': '{type.FullName}' in '{path}': {e.Message}", e);
        }
        return type;
    }

    /// <summary>Whether <paramref name="type"/> can be used as a YAML tag.</summary>
    public static bool IsComponent(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsPublic: true, ContainsGenericParameters: false }
        && (type.IsDefined(typeof(WcaComponentAttribute), inherit: false) || ComponentInterfaces.Any(i => i.IsAssignableFrom(type)));

    private Assembly Load(PluginSpec spec, string path)
    {
        if (_loaded.TryGetValue(path, out var known)) return known;
        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
        {
            throw new PluginLoadException($"Cannot register '{spec.Text}': '{path}' is not a loadable .NET assembly: {e.Message}", e);
        }
        try
        {
            registry.RegisterAssembly(assembly);
            RegisterClassNames(assembly);
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message;
            throw new PluginLoadException($"Cannot register '{spec.Text}': the types of '{path}' cannot be loaded: {first}", e);
        }
        catch (ArgumentException e)
        {
            throw new PluginLoadException($"Cannot register '{spec.Text}': a component of '{path}' cannot be registered: {e.Message}", e);
        }
        _loaded[path] = assembly;
        return assembly;
    }

    /// <summary>Also registers each tagged component under its class name, unless that name is already a tag.</summary>
    private void RegisterClassNames(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<WcaComponentAttribute>(false) is not { Tag: { } tag } || tag.TrimStart('!') == type.Name) continue;
            if (!registry.TryResolve(type.Name, out _)) registry.Register(type, type.Name);
        }
    }

    private static IEnumerable<Type> ComponentTypes(Assembly assembly)
    {
        Type[] types;
        try { types = assembly.GetExportedTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types.OfType<Type>().ToArray(); }
        return types.Where(IsComponent);
    }

    private string Locate(PluginSpec spec)
    {
        if (spec.AssemblyPath is { } file)
        {
            var candidates = Path.IsPathRooted(file)
                ? [file]
                : new[] { Path.GetFullPath(file) }.Concat(configDirectory is null ? [] : [Path.GetFullPath(Path.Combine(configDirectory, file))]).Distinct().ToArray();
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new PluginLoadException($"Cannot register '{spec.Text}': plugin file not found: {string.Join(", ", candidates.Select(c => $"'{c}'"))}.");
        }

        var name = spec.AssemblyName!;
        var fileName = name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? name : name + ".dll";
        var directories = SearchDirectories().ToArray();
        foreach (var dir in directories)
        {
            var candidate = Path.Combine(dir, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new PluginLoadException($"Cannot register '{spec.Text}': assembly file '{fileName}' not found in "
            + $"{string.Join(", ", directories.Select(d => $"'{d}'"))} (next to the configuration, ${PluginPathVariable}, next to wca).");
    }

    private IEnumerable<string> SearchDirectories()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string?> all = [configDirectory, .. (getEnvironmentVariable(PluginPathVariable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), AppContext.BaseDirectory];
        foreach (var dir in all)
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var full = Path.GetFullPath(dir);
            if (seen.Add(full)) yield return full;
        }
    }
}

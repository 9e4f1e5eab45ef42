using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;

namespace Wca.Host;

/// <summary>
/// What the agent hands to components besides their YAML values: a constructor parameter of one of
/// these types is injected, never read from YAML (ILogger, ILogger&lt;T&gt;, ILoggerFactory, HostPaths,
/// LogCounters, TimeProvider, CgroupFs).
/// </summary>
public sealed class AgentServices(ILoggerFactory loggerFactory, HostPaths hostPaths, LogCounters logCounters, TimeProvider time) : IServiceProvider
{
    public static AgentServices ForTests(HostPaths? paths = null) =>
        new(NullLoggerFactory.Instance, paths ?? HostPaths.Default, new LogCounters(), TimeProvider.System);

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
    public HostPaths HostPaths { get; } = hostPaths;
    public LogCounters LogCounters { get; } = logCounters;
    public TimeProvider Time { get; } = time;

    /// <summary>
    /// The configuration is only being checked (<c>wca --check-config</c>, a SIGHUP reload's validation): components
    /// validate their values but open no socket, file or kernel object.
    /// </summary>
    public bool CheckOnly { get; init; }

    /// <summary>The agent's one cgroupfs view: its layout is detected on first use, once for every component.</summary>
    public CgroupFs Cgroups { get; } = new(hostPaths);

    /// <summary>Whether a parameter of this type is injected rather than configured.</summary>
    public static bool IsService(Type type) =>
        type == typeof(ILoggerFactory) || type == typeof(ILogger) || type == typeof(HostPaths) || type == typeof(LogCounters)
        || type == typeof(TimeProvider) || type == typeof(CgroupFs) || type == typeof(AgentServices) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ILogger<>));

    /// <summary>Resolves a service for a component of type <paramref name="owner"/> (its logger category).</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(Logger<>))]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Logger<T> of a component (a reference type) shares compiled code.")]
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "Logger<>'s constructors are kept by DynamicDependency.")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "Logger<>'s constructors are kept by DynamicDependency.")]
    public object? GetService(Type serviceType, Type owner)
    {
        if (serviceType == typeof(ILogger)) return LoggerFactory.CreateLogger(owner.FullName ?? owner.Name);
        if (serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(ILogger<>))
            return Activator.CreateInstance(typeof(Logger<>).MakeGenericType(serviceType.GetGenericArguments()[0]), LoggerFactory);
        return GetService(serviceType);
    }

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(ILoggerFactory)) return LoggerFactory;
        if (serviceType == typeof(HostPaths)) return HostPaths;
        if (serviceType == typeof(LogCounters)) return LogCounters;
        if (serviceType == typeof(TimeProvider)) return Time;
        if (serviceType == typeof(CgroupFs)) return Cgroups;
        if (serviceType == typeof(AgentServices)) return this;
        return null;
    }
}

using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Host.Security;

namespace Wca.Hosting;

/// <summary>
/// Makes a configuration file ready to run the way start-up, <c>--check-config</c> and a SIGHUP reload all do: load and
/// bind it (component validation included), check what it needs against this process's credentials, parse its
/// <c>loggers:</c>. One path for the three, so a reload accepts exactly what a restart would.
/// </summary>
/// <param name="displayName">How messages name a file (the embedded default's temporary copy is named as such).</param>
internal sealed class AgentConfigurationLoader(
    ComponentRegistry registry,
    AgentServices services,
    PrivilegeFacts privileges,
    bool allowRoot,
    IReadOnlyList<ModuleLevel> commandLineLevels,
    string setcapExecutable,
    Func<string, string> displayName)
{
    /// <param name="checkOnly">Components open no socket or file (they are disposed by the caller right after).</param>
    /// <param name="evaluatePrivileges">Refuse what this process's credentials cannot do; false only reports the needs
    /// (<c>--check-config</c> runs as an administrator or the package manager, not as the service).</param>
    public ConfigurationLoadResult Load(string path, bool checkOnly, bool evaluatePrivileges)
    {
        var loadServices = checkOnly
            ? new AgentServices(services.LoggerFactory, services.HostPaths, services.LogCounters, services.Time) { CheckOnly = true }
            : services;
        AgentConfiguration configuration;
        try
        {
            configuration = ConfigurationLoader.Load(path, registry, loadServices);
        }
        catch (ConfigurationException e)
        {
            // The loader's messages usually start with the file's position already.
            var name = displayName(path);
            var message = e.Message.Contains(path, StringComparison.Ordinal)
                ? $"Cannot load config file: {e.Message.Replace(path, name, StringComparison.Ordinal)}"
                : $"Cannot load config file '{name}': {e.Message}";
            return new(null, message, e);
        }

        var needs = ConfiguredPrivileges.Of(configuration.Runner);
        string? problem = null;
        if (evaluatePrivileges)
        {
            var (verdict, refusal) = PrivilegeCheck.Evaluate(privileges, needs, allowRoot, setcapExecutable, ConfiguredPrivileges.Causes(configuration.Runner));
            if (verdict != PrivilegeVerdict.Sufficient) problem = refusal;
        }
        var fileLevels = new List<ModuleLevel>();
        foreach (var (module, level) in configuration.Loggers)
        {
            if (problem is not null) break;
            if (ModuleLevel.TryParse($"{module}:{level}", out var setting) is { } error)
                problem = $"Cannot load config file '{displayName(path)}': loggers: {error}";
            fileLevels.Add(setting);
        }
        if (problem is not null)
        {
            Dispose(configuration.Components);
            return new(null, problem);
        }
        var levels = LogLevelTable.Build(fileLevels, Host.Cli.AgentCommandLine.OverridingLevels(fileLevels, commandLineLevels));
        return new(new LoadedConfiguration(configuration, levels, needs), null);
    }

    /// <summary>Disposes the IDisposable components in reverse order (each once); returns the failures.</summary>
    public static IReadOnlyList<(object Component, Exception Error)> Dispose(IReadOnlyList<object> components)
    {
        var failures = new List<(object, Exception)>();
        var disposed = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (var i = components.Count - 1; i >= 0; i--)
        {
            if (components[i] is not IDisposable disposable || !disposed.Add(disposable)) continue;
            try
            {
                disposable.Dispose();
            }
            catch (Exception e)
            {
                failures.Add((disposable, e));
            }
        }
        return failures;
    }
}

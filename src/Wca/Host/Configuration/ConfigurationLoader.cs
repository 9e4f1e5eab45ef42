using Wca.Api;
using Wca.Host.Configuration.Yaml;

namespace Wca.Host.Configuration;

/// <summary>Reads a YAML configuration file into constructed components.</summary>
public static class ConfigurationLoader
{
    private const string RunnerKey = "runner";
    private const string LoggersKey = "loggers";
    private static readonly string[] TopLevelKeys = [LoggersKey, RunnerKey];
    private static readonly string[] LevelNames = ["CRITICAL", "FATAL", "ERROR", "WARNING", "WARN", "INFO", "DEBUG", "TRACE", "NOTSET"];
    private static readonly ValueSpec RunnerSpec = ValueSpec.For(typeof(IRunner), null);

    /// <summary>
    /// Loads <paramref name="path"/>. Throws <see cref="ConfigurationException"/> for anything wrong with the
    /// file; constructs components but never lets them touch cgroups, files or sockets.
    /// </summary>
    /// <param name="getEnvironmentVariable">Used for ${NAME} and !Env; defaults to the process environment.</param>
    public static AgentConfiguration Load(string path, ComponentRegistry registry, AgentServices services,
        Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        var file = Path.GetFullPath(path);
        var root = Parse(file);
        var binder = new ConfigurationBinder(file, registry, services, getEnvironmentVariable ?? Environment.GetEnvironmentVariable);
        try
        {
            var (runner, loggers) = BindDocument(root, binder);
            return new AgentConfiguration(file, runner, loggers, binder.Components);
        }
        catch (ConfigurationException)
        {
            binder.DisposeBuilt();
            throw;
        }
    }

    private static YamlNode Parse(string file)
    {
        string text;
        try
        {
            if (Directory.Exists(file)) throw Error(file, $"is a directory: expected a YAML configuration file");
            text = ConfigurationText.Read(file);
        }
        catch (FileNotFoundException e)
        {
            throw Error(file, "cannot find configuration file: no such file", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw Error(file, "cannot find configuration file: no such directory", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(file, $"cannot read configuration file: {e.Message}", e);
        }
        return YamlTreeReader.Read(text, file)
            ?? throw Error(file, $"the file is empty: expected a mapping with '{RunnerKey}' (and optionally '{LoggersKey}')");
    }

    private static (IRunner Runner, IReadOnlyDictionary<string, string> Loggers) BindDocument(
        YamlNode root, ConfigurationBinder binder)
    {
        if (root is not YamlMapping { Tag: null } document)
            throw binder.Error(root, "", $"expected a mapping with '{RunnerKey}' (and optionally '{LoggersKey}') at the top of the file, found {binder.Found(root)}");
        YamlNode? runnerNode = null, loggersNode = null;
        foreach (var (keyNode, valueNode) in document.Entries)
        {
            var key = keyNode is YamlScalar { LocalTag: null } s ? s.Value : null;
            switch (key)
            {
                case RunnerKey: runnerNode = valueNode; break;
                case LoggersKey: loggersNode = valueNode; break;
                default:
                    var shown = key ?? binder.Found(keyNode);
                    var close = key is null ? null : NameSuggestion.Closest(key, TopLevelKeys);
                    throw binder.Error(keyNode, shown,
                        $"unknown top-level key '{shown}'{(close is null ? "" : $" (did you mean '{close}'?)")}. Valid keys: {LoggersKey}, {RunnerKey}");
            }
        }
        // Loggers first: a broken level name is cheaper to report than anything the runner's tree could hit.
        var loggers = loggersNode is null ? new Dictionary<string, string>() : BindLoggers(loggersNode, binder);
        if (runnerNode is null)
            throw binder.Error(document, "", $"missing required key '{RunnerKey}': expected {binder.Expected(RunnerSpec)}");
        var runner = (IRunner)binder.BindRoot(runnerNode, RunnerSpec, RunnerKey)!;
        return (runner, loggers);
    }

    private static Dictionary<string, string> BindLoggers(YamlNode node, ConfigurationBinder binder)
    {
        if (node is YamlScalar { Value: "" or "~" or "null", IsPlain: true, Tag: null }) return [];
        if (node is not YamlMapping { Tag: null } map)
            throw binder.Error(node, LoggersKey, $"expected a mapping of logger name → level ({string.Join(", ", LevelNames[..^1])}), found {binder.Found(node)}");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Entries)
        {
            if (keyNode is not YamlScalar { LocalTag: null } key)
                throw binder.Error(keyNode, LoggersKey, $"expected a logger name, found {binder.Found(keyNode)}");
            var path = ConfigurationBinder.Child(LoggersKey, key.Value);
            var level = binder.Bind(valueNode, ValueSpec.For(typeof(string), null), path) as string;
            if (level is null || !LevelNames.Contains(level, StringComparer.OrdinalIgnoreCase))
                throw binder.Error(valueNode, path,
                    $"expected a log level ({string.Join(", ", LevelNames[..^1])}), found {binder.Found(valueNode)}"
                    + (level is not null && NameSuggestion.Closest(level, LevelNames) is { } close ? $" (did you mean '{close}'?)" : ""));
            result[key.Value] = level;
        }
        return result;
    }

    private static ConfigurationException Error(string file, string message, Exception? inner = null) =>
        new(ConfigurationErrors.Format(file, 0, 0, null, message), file, null, 0, 0, inner);
}

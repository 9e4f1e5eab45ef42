using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Host.Plugins;
using Wca.Host.Security;
using Wca.Hosting;

namespace Wca.Host.Cli;

/// <summary>
/// The <c>wca</c> executable. Order: parse → logging → root check → plugins → configuration (a broken one
/// stops before anything is touched) → privilege check of what the configuration needs → runner until SIGTERM/SIGINT,
/// reloading on SIGHUP (<see cref="ReloadingHost"/>) → dispose components (reverse order). <c>--check-config</c> stops
/// after the checks, having touched nothing.
/// Fatal problems are written to stderr as one line naming the problem (and logged).
/// </summary>
public static partial class AgentCommand
{
    private const string MainCategory = "Wca.Main";

    public static int Run(string[] args)
    {
        Thread.CurrentThread.Name ??= "MainThread";
        switch (AgentCommandLine.Parse(args))
        {
            case CommandLineOutcome.Help help:
                AgentCommandLine.WriteHelp(help, Console.Out);
                return ExitCodes.Success;
            case CommandLineOutcome.Version:
                Console.Out.WriteLine(AgentVersion.Current);
                return ExitCodes.Success;
            case CommandLineOutcome.PrintConfig:
                Console.Out.Write(EmbeddedDefaultConfig.Text);
                return ExitCodes.Success;
            case CommandLineOutcome.UsageError usage:
                foreach (var error in usage.Errors) Console.Error.WriteLine($"wca: error: {error}");
                Console.Error.WriteLine(AgentCommandLine.Usage);
                return ExitCodes.UsageError;
            case CommandLineOutcome.Run { Arguments.Registrations.Count: > 0 } when !PluginSupport.IsSupported:
                return JitBuildHandoff.Continue(args);
            case CommandLineOutcome.Run run:
                return Start(run.Arguments);
            default:
                throw new InvalidOperationException("unknown command line outcome");
        }
    }

    private static int Start(AgentArguments arguments)
    {
        LogLineWriter writer;
        try
        {
            writer = LogLineWriter.Open(arguments.LogOutput);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine($"wca: error: cannot open log output '{arguments.LogOutput}': {e.Message}");
            return ExitCodes.StartupError;
        }

        var counters = new LogCounters();
        using var logging = AgentLogging.Create(writer, counters, LogLevelTable.Build([], AgentCommandLine.OverridingLevels([], arguments.LogLevels)));
        var log = logging.Factory.CreateLogger(MainCategory);
        var fatal = new FatalReporter(log, logsToStderr: arguments.LogOutput == "stderr");
        try
        {
            return StartLogged(arguments, logging, counters, log, fatal);
        }
        catch (Exception e)
        {
            return fatal.Report(ExitCodes.StartupError, $"unexpected error: {e.Message}", e);
        }
    }

    private static int StartLogged(AgentArguments arguments, AgentLogging logging, LogCounters counters, ILogger log, FatalReporter fatal)
    {
        if (!arguments.CheckOnly)
        {
            Log.Version(log, AgentVersion.Current);
            Log.Started(log, Environment.ProcessId);
            Wca.Kernel.FileDescriptorLimit.RaiseAtStart(log);
        }

        var paths = HostPaths.FromEnvironment();
        var privileges = PrivilegeFacts.OfThisProcess(paths.Proc);
        // Root is refused before anything else (as the 2019 agent did); what a non-root agent needs is known only
        // once the configuration is bound. Checking a file is no reason to refuse root (a package upgrade runs as root).
        if (!arguments.CheckOnly && PrivilegeCheck.Evaluate(privileges, PrivilegeNeeds.None, arguments.AllowRoot, Executable) is (PrivilegeVerdict.RootNotAllowed, var rootProblem))
            return fatal.Report(ExitCodes.UsageError, rootProblem!, level: LogLevel.Critical);

        // Without -c the embedded default runs; the loader reads files, so it gets a private copy for the moment.
        var embeddedCopy = arguments.ConfigPath is null ? EmbeddedDefaultConfig.WriteTemporaryCopy() : null;
        var configPath = Path.GetFullPath(arguments.ConfigPath ?? embeddedCopy!);
        var configName = embeddedCopy is null ? configPath : EmbeddedDefaultConfig.DisplayName;
        if (embeddedCopy is not null) Log.EmbeddedDefault(log);
        var registry = BuiltInComponents.CreateRegistry();
        if (arguments.Registrations.Count > 0 && PluginSupport.IsSupported)
        {
            var plugins = new PluginLoader(registry, arguments.ConfigPath is null ? null : Path.GetDirectoryName(configPath), Environment.GetEnvironmentVariable);
            foreach (var text in arguments.Registrations)
            {
                try
                {
                    var type = plugins.Register(PluginSpec.Parse(text));
                    Log.Registered(log, type.FullName, text);
                }
                catch (PluginLoadException e)
                {
                    if (embeddedCopy is not null) File.Delete(embeddedCopy);
                    return fatal.Report(ExitCodes.StartupError, e.Message);
                }
            }
        }

        var services = new AgentServices(logging.Factory, paths, counters, TimeProvider.System);
        var loader = new AgentConfigurationLoader(registry, services, privileges, arguments.AllowRoot, arguments.LogLevels, Executable,
            path => path == configPath ? configName : path);
        ConfigurationLoadResult loaded;
        string? runningText = null;
        try
        {
            // The text a SIGHUP compares the file with (read before loading: a file changed in between reloads once more).
            if (embeddedCopy is null && !arguments.CheckOnly) runningText = TryReadText(configPath);
            loaded = loader.Load(configPath, checkOnly: arguments.CheckOnly, evaluatePrivileges: !arguments.CheckOnly);
        }
        finally
        {
            if (embeddedCopy is not null) File.Delete(embeddedCopy);
        }
        if (loaded.Loaded is not { } configuration) return fatal.Report(ExitCodes.StartupError, loaded.Problem!, loaded.Cause);
        if (arguments.CheckOnly)
        {
            AgentConfigurationLoader.Dispose(configuration.Configuration.Components);
            Console.Out.WriteLine($"wca: {configName}: configuration OK (runner {configuration.Configuration.Runner.GetType().Name}; "
                + $"needs of the host: {configuration.Needs})");
            return ExitCodes.Success;
        }
        Log.PrivilegeInputs(log, privileges.EffectiveUid, privileges.EffectiveCapabilities, privileges.PerfEventParanoid, configuration.Needs);
        // Parsing and binding leave megabytes of garbage that a gen0 budget sized from the CPU cache would
        // otherwise keep resident for the agent's whole life.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var host = new ReloadingHost(loader, embeddedCopy is null ? configPath : null, logging.Provider, log, fatal);
        return host.Run(configuration, runningText);
    }

    private static string? TryReadText(string path)
    {
        try
        {
            return ConfigurationText.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigurationException)
        {
            return null; // the load reports it
        }
    }

    private static string Executable => AgentExecutable.ForSetcapHint();
}

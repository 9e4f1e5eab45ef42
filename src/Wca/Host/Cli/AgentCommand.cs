using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Host.Plugins;
using Wca.Host.Security;

namespace Wca.Host.Cli;

/// <summary>
/// The <c>wca</c> executable. Order: parse → logging → root check → plugins → configuration (a broken one
/// stops before anything is touched) → privilege check of what the configuration needs → runner until SIGTERM/SIGINT
/// → dispose components (reverse order).
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
        Log.Version(log, AgentVersion.Current);
        Log.Started(log, Environment.ProcessId);
        Wca.Kernel.FileDescriptorLimit.RaiseAtStart(log);

        var paths = HostPaths.FromEnvironment();
        var privileges = PrivilegeFacts.OfThisProcess(paths.Proc);
        // Root is refused before anything else (as the 2019 agent did); what a non-root agent needs is known only
        // once the configuration is bound.
        if (PrivilegeCheck.Evaluate(privileges, PrivilegeNeeds.None, arguments.AllowRoot, Executable) is (PrivilegeVerdict.RootNotAllowed, var rootProblem))
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

        AgentConfiguration configuration;
        try
        {
            var services = new AgentServices(logging.Factory, paths, counters, TimeProvider.System);
            configuration = ConfigurationLoader.Load(configPath, registry, services);
        }
        catch (ConfigurationException e)
        {
            // The loader's messages usually start with the file's position already.
            var message = e.Message.Contains(configPath, StringComparison.Ordinal)
                ? $"Cannot load config file: {e.Message.Replace(configPath, configName, StringComparison.Ordinal)}"
                : $"Cannot load config file '{configName}': {e.Message}";
            return fatal.Report(ExitCodes.StartupError, message, e);
        }
        finally
        {
            if (embeddedCopy is not null) File.Delete(embeddedCopy);
        }

        try
        {
            if (CheckPrivileges(configuration.Runner, privileges, arguments.AllowRoot, log, fatal) is { } refused) return refused;
            var fileLevels = new List<ModuleLevel>();
            foreach (var (module, level) in configuration.Loggers)
            {
                if (ModuleLevel.TryParse($"{module}:{level}", out var setting) is { } error)
                    return fatal.Report(ExitCodes.StartupError, $"Cannot load config file '{configName}': loggers: {error}");
                fileLevels.Add(setting);
            }
            logging.Provider.ApplyLevels(LogLevelTable.Build(fileLevels, AgentCommandLine.OverridingLevels(fileLevels, arguments.LogLevels)));
            // Parsing and binding leave megabytes of garbage that a gen0 budget sized from the CPU cache would
            // otherwise keep resident for the agent's whole life.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return RunUntilStopped(configuration.Runner, configuration.Components, log, fatal);
        }
        finally
        {
            DisposeComponents(configuration.Components, log);
        }
    }

    private static string Executable => AgentExecutable.ForSetcapHint();

    /// <summary>The configured runner's needs against this process's credentials; an exit code when they fall short.</summary>
    private static int? CheckPrivileges(IRunner runner, PrivilegeFacts facts, bool allowRoot, ILogger log, FatalReporter fatal)
    {
        var needs = ConfiguredPrivileges.Of(runner);
        Log.PrivilegeInputs(log, facts.EffectiveUid, facts.EffectiveCapabilities, facts.PerfEventParanoid, needs);
        var (verdict, problem) = PrivilegeCheck.Evaluate(facts, needs, allowRoot, Executable, ConfiguredPrivileges.Causes(runner));
        return verdict == PrivilegeVerdict.Sufficient ? null : fatal.Report(ExitCodes.StartupError, problem!);
    }

    private static int RunUntilStopped(IRunner runner, IReadOnlyList<object> components, ILogger log, FatalReporter fatal)
    {
        using var signals = new StopSignals(() =>
        {
            foreach (var component in components) (component as Wca.Storage.IReopenable)?.RequestReopen();
        });
        Log.Running(log, runner.GetType().FullName);
        int exitCode;
        try
        {
            exitCode = runner.Run(signals.Token);
        }
        catch (Exception e)
        {
            return fatal.Report(ExitCodes.StartupError, $"{runner.GetType().Name} failed: {e.Message}", e, LogLevel.Critical);
        }
        if (signals.Received is { } signal) Log.StoppedBy(log, signal);
        return exitCode;
    }

    private static void DisposeComponents(IReadOnlyList<object> components, ILogger log)
    {
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
                Log.DisposeFailed(log, e, disposable.GetType().FullName);
            }
        }
    }
}

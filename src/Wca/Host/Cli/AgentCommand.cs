using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host.Configuration;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Host.Plugins;
using Wca.Host.Security;

namespace Wca.Host.Cli;

/// <summary>
/// The <c>wca</c> executable. Order: parse → logging → privilege check → plugins → configuration (a broken one
/// stops before anything is touched) → runner until SIGTERM/SIGINT → dispose components (reverse order).
/// Fatal problems are written to stderr as one line naming the problem (and logged).
/// </summary>
public static class AgentCommand
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
        using var logging = AgentLogging.Create(writer, counters, LogLevelTable.Build([], arguments.LogLevels));
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
        log.LogInformation("Version wca: {Version}", AgentVersion.Current);
        log.LogDebug("started PID={Pid}", Environment.ProcessId);

        var paths = HostPaths.FromEnvironment();
        var (verdict, problem) = PrivilegeCheck.Evaluate(PrivilegeFacts.OfThisProcess(paths.Proc), arguments.AllowRoot,
            Environment.ProcessPath ?? "wca");
        if (verdict == PrivilegeVerdict.RootNotAllowed) return fatal.Report(ExitCodes.UsageError, problem!, level: LogLevel.Critical);
        if (verdict == PrivilegeVerdict.Insufficient) return fatal.Report(ExitCodes.StartupError, problem!);

        var configPath = Path.GetFullPath(arguments.ConfigPath);
        var registry = BuiltInComponents.CreateRegistry();
        if (arguments.Registrations.Count > 0 && PluginSupport.IsSupported)
        {
            var plugins = new PluginLoader(registry, Path.GetDirectoryName(configPath), Environment.GetEnvironmentVariable);
            foreach (var text in arguments.Registrations)
            {
                try
                {
                    var type = plugins.Register(PluginSpec.Parse(text));
                    log.LogDebug("Registered {Type} ({Spec})", type.FullName, text);
                }
                catch (PluginLoadException e)
                {
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
                ? $"Cannot load config file: {e.Message}"
                : $"Cannot load config file '{configPath}': {e.Message}";
            return fatal.Report(ExitCodes.StartupError, message, e);
        }

        try
        {
            var fileLevels = new List<ModuleLevel>();
            foreach (var (module, level) in configuration.Loggers)
            {
                if (ModuleLevel.TryParse($"{module}:{level}", out var setting) is { } error)
                    return fatal.Report(ExitCodes.StartupError, $"Cannot load config file '{configPath}': loggers: {error}");
                fileLevels.Add(setting);
            }
            logging.Provider.ApplyLevels(LogLevelTable.Build(fileLevels, arguments.LogLevels));
            // Parsing and binding leave megabytes of garbage that a gen0 budget sized from the CPU cache would
            // otherwise keep resident for the agent's whole life.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return RunUntilStopped(configuration.Runner, log, fatal);
        }
        finally
        {
            DisposeComponents(configuration.Components, log);
        }
    }

    private static int RunUntilStopped(IRunner runner, ILogger log, FatalReporter fatal)
    {
        using var signals = new StopSignals();
        log.LogDebug("Running {Runner}", runner.GetType().FullName);
        int exitCode;
        try
        {
            exitCode = runner.Run(signals.Token);
        }
        catch (Exception e)
        {
            return fatal.Report(ExitCodes.StartupError, $"{runner.GetType().Name} failed: {e.Message}", e, LogLevel.Critical);
        }
        if (signals.Received is { } signal) log.LogInformation("Stopped by {Signal}", signal);
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
                log.LogWarning(e, "Disposing {Component} failed", disposable.GetType().FullName);
            }
        }
    }
}

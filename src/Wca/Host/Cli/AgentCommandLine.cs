using System.CommandLine;
using System.CommandLine.Help;
using Wca.Host.Logging;

namespace Wca.Host.Cli;

/// <summary>The <c>wca</c> command line (flags as in README.md).</summary>
public static class AgentCommandLine
{
    public const string Usage = "Usage: wca [-c PATH] [-r SPEC]... [-l [MODULE:]LEVEL]... [-0] [--log-output FILE|stderr] [--print-config] [--check-config PATH] (see wca --help)";

    /// <summary>Printed after the options by --help: what the options cannot say.</summary>
    public static readonly string Epilogue = string.Join('\n',
        "Environment:",
        "  WCA_PROC_ROOT, WCA_SYS_ROOT, WCA_CGROUP_ROOT, WCA_RESCTRL_ROOT",
        "                    Where /proc, /sys, /sys/fs/cgroup and /sys/fs/resctrl are (e.g. the host's, mounted in a container).",
        $"  {Plugins.PluginLoader.PluginPathVariable}   ':'-separated directories searched for --register assemblies named without a path.",
        "",
        "Exit codes:",
        $"  {ExitCodes.Success}  normal stop (SIGTERM/SIGINT, or the runner finished), --help, --version, --print-config, a valid --check-config",
        $"  {ExitCodes.StartupError}  configuration or start-up error (the message is on stderr); --check-config: the configuration is broken",
        $"  {ExitCodes.UsageError}  usage error, or effective uid 0 without --root",
        "");

    private static readonly Option<string> ConfigOption = new("--config", "-c")
    {
        Description = "YAML configuration file (relative paths are fine). Without it wca runs its embedded default (see --print-config).",
        HelpName = "PATH",
    };

    private static readonly Option<bool> PrintConfigOption = new("--print-config")
    {
        Description = "Print the embedded default configuration (a starting point for your own) and exit.",
    };

    private static readonly Option<string> CheckConfigOption = new("--check-config")
    {
        Description = "Validate the configuration file (load, bind, component checks, what it needs of the host) and exit 0, or 1 "
            + "with the problem; touches no cgroup, file or socket. SIGHUP makes a running agent reload its --config the same way.",
        HelpName = "PATH",
    };

    private static readonly Option<string[]> RegisterOption = new("--register", "-r")
    {
        Description = "Load a plugin component: path/Plugin.dll:Namespace.Type or \"Namespace.Type, AssemblyName\" (repeatable).",
        HelpName = "SPEC",
    };

    // --log: the spelling used by the 2019 systemd unit and Dockerfile (argparse prefix of --log-level).
    private static readonly Option<string[]> LogLevelOption = new("--log-level", "-l", "--log")
    {
        Description = $"[module:]level, level one of {LogLevelNames.Accepted}; a bare level applies to 'wca', ':level' to everything (repeatable; default wca:info).",
        HelpName = "[MODULE:]LEVEL",
    };

    private static readonly Option<bool> RootOption = new("--root", "-0") { Description = "Allow running with effective uid 0." };

    private static readonly Option<string> LogOutputOption = new("--log-output")
    {
        Description = "Write log lines to FILE (appending) or to stderr instead of stdout.",
        HelpName = "FILE",
    };

    private static readonly Option<bool> VersionOption = new("--version", "-v") { Description = "Print the version and exit." };

    private static readonly RootCommand Command = Build();

    private static RootCommand Build()
    {
        var root = new RootCommand("wca: Workload Collocation Agent. Measures the tasks (cgroups) of this node and stores their metrics.");
        // Our own -v/--version replaces the built-in one (which knows no -v and prints a different string).
        for (var i = root.Options.Count - 1; i >= 0; i--)
            if (root.Options[i] is System.CommandLine.VersionOption) root.Options.RemoveAt(i);
        RegisterOption.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
                if (RegisterValueProblem(value) is { } problem) result.AddError(problem);
        });
        LogLevelOption.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
                if (ModuleLevel.TryParse(value, out _) is { } error) result.AddError(error);
        });
        root.Options.Add(ConfigOption);
        root.Options.Add(RegisterOption);
        root.Options.Add(LogLevelOption);
        root.Options.Add(RootOption);
        root.Options.Add(LogOutputOption);
        root.Options.Add(VersionOption);
        root.Options.Add(PrintConfigOption);
        root.Options.Add(CheckConfigOption);
        return root;
    }

    public static CommandLineOutcome Parse(IReadOnlyList<string> args)
    {
        var result = Command.Parse(args);
        if (result.Action is HelpAction) return new CommandLineOutcome.Help(result);
        if (result.GetResult(VersionOption) is { Implicit: false }) return new CommandLineOutcome.Version();
        if (result.Errors.Count > 0)
        {
            // An empty --register makes the parser complain about what follows it: the cause comes first.
            var errors = result.Errors.Select(e => e.Message).OrderBy(m => m.StartsWith(RegisterPrefix, StringComparison.Ordinal) ? 0 : 1).ToArray();
            return new CommandLineOutcome.UsageError(errors);
        }
        if (result.GetValue(PrintConfigOption)) return new CommandLineOutcome.PrintConfig();

        var levels = new List<ModuleLevel>();
        foreach (var value in result.GetValue(LogLevelOption) ?? [])
        {
            ModuleLevel.TryParse(value, out var level);
            levels.Add(level);
        }
        var checkConfig = result.GetValue(CheckConfigOption);
        return new CommandLineOutcome.Run(new AgentArguments(
            checkConfig ?? result.GetValue(ConfigOption),
            result.GetValue(RegisterOption) ?? [],
            levels,
            result.GetValue(RootOption),
            result.GetValue(LogOutputOption),
            checkConfig is not null));
    }

    /// <summary>Writes the help text, then <see cref="Epilogue"/>, to <paramref name="output"/>.</summary>
    public static void WriteHelp(CommandLineOutcome.Help help, TextWriter output)
    {
        help.ParseResult.Invoke(new InvocationConfiguration { Output = output });
        output.Write(Epilogue);
    }

    /// <summary>
    /// The -l values as the level table should apply them: a root setting (<c>:debug</c>, "everything") also overrides
    /// every module set before it (the default <c>wca: info</c> and the file's <c>loggers:</c>), else those would keep
    /// their level and "everything" would raise only modules nobody configured. Later -l values still win.
    /// </summary>
    public static IReadOnlyList<ModuleLevel> OverridingLevels(IEnumerable<ModuleLevel> configFile, IReadOnlyList<ModuleLevel> commandLine)
    {
        var earlier = new List<string> { ModuleLevel.DefaultModule };
        earlier.AddRange(configFile.Select(s => s.Module));
        var result = new List<ModuleLevel>();
        foreach (var setting in commandLine)
        {
            if (setting.Module.Length == 0)
                foreach (var module in earlier) result.Add(new ModuleLevel(module, setting.Level));
            result.Add(setting);
            earlier.Add(setting.Module);
        }
        return result;
    }

    private const string RegisterPrefix = "--register: ";

    /// <summary>
    /// Why a --register value cannot be a plugin spec at all: empty (an unset <c>$EXTRA_COMPONENT</c> in the original's
    /// systemd unit; systemd then drops the word and the next option becomes the value).
    /// </summary>
    private static string? RegisterValueProblem(string value)
    {
        const string Expected = "pass path/to/Plugin.dll:Namespace.Type or 'Namespace.Type, AssemblyName', or leave --register out";
        if (string.IsNullOrWhiteSpace(value))
            return $"{RegisterPrefix}the register value is empty (an unset variable such as $EXTRA_COMPONENT?): {Expected}.";
        if (value.StartsWith('-'))
            return $"{RegisterPrefix}the register value is empty: '{value}' follows it, which is an option, not a plugin "
                + $"(an unset variable such as $EXTRA_COMPONENT?): {Expected}.";
        return null;
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using Wca.Host.Logging;

namespace Wca.Host.Cli;

/// <summary>The <c>wca</c> command line (flags as in README.md).</summary>
public static class AgentCommandLine
{
    public const string Usage = "Usage: wca -c PATH [-r SPEC]... [-l [MODULE:]LEVEL]... [-0] [--log-output FILE|stderr] (see wca --help)";

    private static readonly Option<string> ConfigOption = new("--config", "-c")
    {
        Description = "YAML configuration file (relative paths are fine).",
        HelpName = "PATH",
        Required = true,
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
        return root;
    }

    public static CommandLineOutcome Parse(IReadOnlyList<string> args)
    {
        var result = Command.Parse(args);
        if (result.Action is HelpAction) return new CommandLineOutcome.Help(result);
        if (result.GetResult(VersionOption) is { Implicit: false }) return new CommandLineOutcome.Version();
        if (result.Errors.Count > 0) return new CommandLineOutcome.UsageError(result.Errors.Select(e => e.Message).ToArray());

        var levels = new List<ModuleLevel>();
        foreach (var value in result.GetValue(LogLevelOption) ?? [])
        {
            ModuleLevel.TryParse(value, out var level);
            levels.Add(level);
        }
        return new CommandLineOutcome.Run(new AgentArguments(
            result.GetValue(ConfigOption)!,
            result.GetValue(RegisterOption) ?? [],
            levels,
            result.GetValue(RootOption),
            result.GetValue(LogOutputOption)));
    }

    /// <summary>Writes the help text to <paramref name="output"/>.</summary>
    public static void WriteHelp(CommandLineOutcome.Help help, TextWriter output)
    {
        help.ParseResult.Invoke(new InvocationConfiguration { Output = output });
    }
}

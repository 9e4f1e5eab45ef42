namespace Wca.Host.Cli;

/// <summary>What parsing the command line decided.</summary>
public abstract record CommandLineOutcome
{
    /// <summary>Run the agent.</summary>
    public sealed record Run(AgentArguments Arguments) : CommandLineOutcome;

    /// <summary>--help: print usage, exit 0.</summary>
    public sealed record Help(System.CommandLine.ParseResult ParseResult) : CommandLineOutcome;

    /// <summary>-v/--version: print the version, exit 0.</summary>
    public sealed record Version : CommandLineOutcome;

    /// <summary>--print-config: print the embedded default configuration, exit 0.</summary>
    public sealed record PrintConfig : CommandLineOutcome;

    /// <summary>A usage error: print the errors, exit 2.</summary>
    public sealed record UsageError(IReadOnlyList<string> Errors) : CommandLineOutcome;
}

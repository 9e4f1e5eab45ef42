namespace Wca.Host.Cli;

/// <summary>The agent's process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Normal stop (SIGTERM/SIGINT, or the runner finished), --help, --version.</summary>
    public const int Success = 0;

    /// <summary>Configuration or start-up error (message on stderr).</summary>
    public const int StartupError = 1;

    /// <summary>Usage error, or effective uid 0 without --root.</summary>
    public const int UsageError = 2;
}

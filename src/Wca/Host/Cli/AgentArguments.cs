using Wca.Host.Logging;

namespace Wca.Host.Cli;

/// <summary>What the command line asks for.</summary>
/// <param name="ConfigPath">-c as given (may be relative); null runs the embedded default (<see cref="EmbeddedDefaultConfig"/>).</param>
/// <param name="Registrations">-r values in command-line order.</param>
/// <param name="LogLevels">-l values in command-line order (later ones win).</param>
/// <param name="AllowRoot">-0/--root.</param>
/// <param name="LogOutput">--log-output: null = stdout, "stderr", or a file.</param>
/// <param name="CheckOnly">--check-config: validate <paramref name="ConfigPath"/> and exit, touching nothing.</param>
public sealed record AgentArguments(
    string? ConfigPath,
    IReadOnlyList<string> Registrations,
    IReadOnlyList<ModuleLevel> LogLevels,
    bool AllowRoot,
    string? LogOutput,
    bool CheckOnly = false);

namespace Wca.Api;

/// <summary>The top-level component of a configuration (<c>runner:</c>): the agent's main loop.</summary>
public interface IRunner
{
    /// <summary>Runs until done or until <paramref name="stopping"/> is cancelled (SIGTERM/SIGINT).</summary>
    /// <returns>The process exit code.</returns>
    int Run(CancellationToken stopping);
}

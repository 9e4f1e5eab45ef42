namespace Wca.Api;

/// <summary>The top-level component of a configuration (<c>runner:</c>): the agent's main loop.</summary>
/// <remarks>
/// Called once, on the main thread, after the configuration is bound and the privilege check passed. An exception
/// ends the agent with exit code 1 and the message in the log. The agent disposes every configured component that
/// implements <see cref="IDisposable"/> (the runner, its node, storages, detector ...) after <see cref="Run"/> returns.
/// </remarks>
public interface IRunner
{
    /// <summary>Runs until done or until <paramref name="stopping"/> is cancelled (SIGTERM/SIGINT).</summary>
    /// <returns>The process exit code.</returns>
    int Run(CancellationToken stopping);
}

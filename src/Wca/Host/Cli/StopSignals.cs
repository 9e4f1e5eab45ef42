using System.Runtime.InteropServices;

namespace Wca.Host.Cli;

/// <summary>
/// SIGTERM and SIGINT cancel the runner's token for an orderly stop (exit 0). A second signal while stopping
/// is left to the default handler, so a stuck agent can still be killed with Ctrl-C twice. SIGHUP does not stop the
/// agent (its default action would): it asks the components to reopen their output files, as logrotate expects.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _int;
    private readonly PosixSignalRegistration _hangup;

    /// <param name="onHangup">Called on the signal thread for each SIGHUP.</param>
    public StopSignals(Action? onHangup = null)
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            onHangup?.Invoke();
        });
    }

    public CancellationToken Token => _stopping.Token;

    /// <summary>The signal that asked to stop, if any.</summary>
    public PosixSignal? Received { get; private set; }

    private void OnSignal(PosixSignalContext context)
    {
        if (_stopping.IsCancellationRequested) return;
        Received = context.Signal;
        context.Cancel = true;
        _stopping.Cancel();
    }

    public void Dispose()
    {
        _term.Dispose();
        _int.Dispose();
        _hangup.Dispose();
        _stopping.Dispose();
    }
}

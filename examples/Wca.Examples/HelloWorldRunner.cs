using Wca.Api;
using Wca.Api.Configuration;

namespace Example;

/// <summary>
/// The smallest runner: prints <c>Hello world!</c> and exits 0. Config: <c>runner: !HelloWorldRunner</c>.
/// With <c>wait_for_stop: true</c> it then waits for SIGTERM/SIGINT (the stopping token), prints <c>Stopped.</c>
/// and exits 0, as a long-running runner should.
/// </summary>
[WcaComponent]
public sealed class HelloWorldRunner(bool waitForStop = false) : IRunner
{
    public bool WaitForStop { get; } = waitForStop;

    public int Run(CancellationToken stopping)
    {
        Console.Out.WriteLine("Hello world!");
        Console.Out.Flush();
        if (!WaitForStop) return 0;
        stopping.WaitHandle.WaitOne();
        Console.Out.WriteLine("Stopped.");
        Console.Out.Flush();
        return 0;
    }
}

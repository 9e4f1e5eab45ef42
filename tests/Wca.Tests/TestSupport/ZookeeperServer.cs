using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Wca.Tests.TestSupport;

/// <summary>
/// Debian's ZooKeeper 3.8 (/usr/share/java/zookeeper.jar, on the machine's JRE) as a standalone server on a free
/// loopback port, its data in a temporary directory (no init script, no /etc/zookeeper data). Can be stopped and
/// started again with the same port and data, and paused (SIGSTOP). Killed and removed on dispose, also on failure.
/// </summary>
public sealed class ZookeeperServer : IDisposable
{
    private readonly TestDirectory _dir = new();
    private Process? _process;

    private ZookeeperServer() => Port = PrometheusServer.FreePort();

    public int Port { get; }

    /// <summary>host:port for a client.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>What the server wrote, for failure messages.</summary>
    public List<string> Log { get; } = [];

    public static ZookeeperServer Start()
    {
        var server = new ZookeeperServer();
        try
        {
            server.Run();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the server (again) and waits until it answers ruok.</summary>
    public void Run()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("ZooKeeper runs already");
        var config = _dir.Write("zoo.cfg", $"""
            tickTime=500
            minSessionTimeout=1000
            maxSessionTimeout=60000
            dataDir={_dir.File("data")}
            clientPort={Port}
            clientPortAddress=127.0.0.1
            maxClientCnxns=0
            admin.enableServer=false
            4lw.commands.whitelist=ruok
            """);
        var start = new ProcessStartInfo("/usr/bin/java",
        [
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dzookeeper.log.dir=" + _dir.Path, "-Dzookeeper.root.logger=WARN,CONSOLE",
            "-cp", "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar",
            "org.apache.zookeeper.server.ZooKeeperServerMain", config,
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited) throw new InvalidOperationException($"ZooKeeper exited with {_process.ExitCode}: {string.Join('\n', Log)}");
            if (AnswersRuok()) return;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"ZooKeeper did not answer ruok within 60 s: {string.Join('\n', Log)}");
    }

    private bool AnswersRuok()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            client.ReceiveTimeout = 2000;
            using var stream = client.GetStream();
            stream.Write("ruok"u8);
            var buffer = new byte[16];
            var n = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n) == "imok";
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>Kills the server; its data stays for <see cref="Run"/>.</summary>
    public void Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            Kill(_process.Id, 18);
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(10_000);
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: connections are accepted, nothing answers.</summary>
    public void Pause()
    {
        Signal(19);
        StoppedProcess.WaitUntilStopped(_process!.Id);
    }

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal(18);

    private void Signal(int number)
    {
        if (_process is null || _process.HasExited) throw new InvalidOperationException("ZooKeeper does not run");
        if (Kill(_process.Id, number) != 0) throw new InvalidOperationException($"kill({number}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            _dir.Dispose();
        }
    }
}

using System.Diagnostics;
using Wca.Api.Databases;
using Wca.Databases;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Databases;

/// <summary>ZooKeeper hung, stopped and back, and a session expired under the database's feet.</summary>
public sealed class ZookeeperOutageTests
{
    [Fact]
    public void A_server_hung_or_stopped_mid_test_fails_calls_within_the_timeout_and_they_work_again_when_it_is_back()
    {
        using var zookeeper = ZookeeperServer.Start();
        using var database = new ZookeeperDatabase([zookeeper.HostPort], "/outage", timeout: 1.5);
        // A just-started JVM on a loaded machine may take longer than the timeout to open the first session.
        SetEventually(database, "before"u8.ToArray());

        zookeeper.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var hung = Assert.Throws<DatabaseUnavailableException>(() => database.Get("state"u8));
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(2.5));
            Assert.StartsWith("ZookeeperDatabase: Cannot get key \"b'state'\": Timeout on all hosts!", hung.Message, StringComparison.Ordinal);
        }
        finally
        {
            zookeeper.Resume();
        }
        Assert.Equal("before"u8.ToArray(), database.Get("state"u8));

        zookeeper.Stop();
        var stopped = Stopwatch.StartNew();
        var down = Assert.Throws<DatabaseUnavailableException>(() => database.Set("state"u8, "during"u8));
        Assert.InRange(stopped.Elapsed, TimeSpan.FromSeconds(1.0), TimeSpan.FromSeconds(2.5));
        Assert.StartsWith("ZookeeperDatabase: Cannot put key \"b'state'\": Timeout on all hosts!", down.Message, StringComparison.Ordinal);

        zookeeper.Run();
        // The C client reconnects by itself (with its own back-off); the first calls may fail meanwhile.
        SetEventually(database, "after"u8.ToArray());
        Assert.Equal("after"u8.ToArray(), database.Get("state"u8));
    }

    private static void SetEventually(ZookeeperDatabase database, byte[] value)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                database.Set("state"u8, value);
                return;
            }
            catch (DatabaseUnavailableException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
            }
        }
    }

    [Fact]
    public void An_expired_session_is_replaced_by_a_new_one_and_the_values_stay()
    {
        using var zookeeper = ZookeeperServer.Start();
        var log = new RecordingLogger();
        using var database = new ZookeeperDatabase([zookeeper.HostPort], "/expiry", timeout: 10, logger: log);
        database.Set("kept"u8, "value"u8);
        var old = database.CurrentClientId ?? throw new InvalidOperationException("no session after a call");

        // The classic way to expire a session: a second client joins it with its id and password, then closes it.
        using (var intruder = new ZookeeperSession(zookeeper.HostPort, 30_000, old))
        {
            var joined = Stopwatch.StartNew();
            while (intruder.State != ZookeeperNative.ConnectedState && joined.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
            Assert.Equal(ZookeeperNative.ConnectedState, intruder.State);
            Assert.Equal(old.SessionId, intruder.ClientId.SessionId);
        }

        var clock = Stopwatch.StartNew();
        byte[]? value = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            value = database.Get("kept"u8);
            if (log.Lines.Any(l => l.Message.Contains("expired", StringComparison.Ordinal))) break;
            Thread.Sleep(100);
        }
        Assert.Contains(log.Lines, l => l.Message.Contains($"the session 0x{old.SessionId:x} with {zookeeper.HostPort} expired; opening a new one", StringComparison.Ordinal));
        Assert.Equal("value"u8.ToArray(), database.Get("kept"u8));
        Assert.NotNull(value);
        var current = database.CurrentClientId ?? throw new InvalidOperationException("no session after a call");
        Assert.NotEqual(old.SessionId, current.SessionId);
        database.Set("kept"u8, "new session"u8);
        Assert.Equal("new session"u8.ToArray(), database.Get("kept"u8));
    }
}

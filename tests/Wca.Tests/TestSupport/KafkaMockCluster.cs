using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Wca.Tests.TestSupport;

/// <summary>
/// librdkafka's mock Kafka cluster on loopback, in this process: real Kafka protocol brokers that librdkafka clients
/// (KafkaStorage, a Confluent consumer, kcat) talk to over TCP. Owned by a helper producer handle; brokers can be
/// taken down and up. Uses the librdkafka that Confluent.Kafka ships (librdkafka.redist) through P/Invoke.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    private const string Library = "librdkafka";
    private static int s_resolverSet;
    private readonly IntPtr _owner;
    private IntPtr _cluster;

    /// <summary>A cluster of <paramref name="brokers"/> brokers (ids 1..n).</summary>
    public KafkaMockCluster(int brokers = 1)
    {
        if (Interlocked.Exchange(ref s_resolverSet, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(KafkaMockCluster).Assembly, Resolve);
        var conf = rd_kafka_conf_new();
        var error = new StringBuilder(512);
        // The owner never connects anywhere; a bootstrap list is required, so it points at nothing.
        if (rd_kafka_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", error, (UIntPtr)error.Capacity) != 0)
            throw new InvalidOperationException("rd_kafka_conf_set: " + error);
        _owner = rd_kafka_new(0, conf, error, (UIntPtr)error.Capacity);
        if (_owner == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_new: " + error);
        _cluster = rd_kafka_mock_cluster_new(_owner, brokers);
        if (_cluster == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))!;
    }

    /// <summary>host:port,host:port of the brokers.</summary>
    public string BootstrapServers { get; }

    public void CreateTopic(string topic, int partitions = 3) => Check(rd_kafka_mock_topic_create(_cluster, topic, partitions, 1), "topic_create");

    /// <summary>Disconnects the broker and refuses new connections until <see cref="SetUp"/>.</summary>
    public void SetDown(int brokerId = 1) => Check(rd_kafka_mock_broker_set_down(_cluster, brokerId), "broker_set_down");

    public void SetUp(int brokerId = 1) => Check(rd_kafka_mock_broker_set_up(_cluster, brokerId), "broker_set_up");

    private static void Check(int error, string what)
    {
        if (error != 0) throw new InvalidOperationException($"rd_kafka_mock_{what}: error {error}");
    }

    /// <summary>
    /// The librdkafka that Confluent.Kafka loads too, in its order (one copy in the process): librdkafka.so needs
    /// Red Hat's libsasl2.so.3, so on Debian it is the self-contained centos8 build.
    /// </summary>
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library) return IntPtr.Zero;
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        return NativeLibrary.TryLoad(Path.Combine(native, "librdkafka.so"), out var handle) ? handle : NativeLibrary.Load(Path.Combine(native, "centos8-librdkafka.so"));
    }

    public void Dispose()
    {
        if (_cluster == IntPtr.Zero) return;
        rd_kafka_mock_cluster_destroy(_cluster);
        _cluster = IntPtr.Zero;
        rd_kafka_destroy(_owner);
    }

#pragma warning disable SYSLIB1054, CA2101 // Plain DllImport: the test project does not allow unsafe code for LibraryImport.
    [DllImport(Library)] private static extern IntPtr rd_kafka_conf_new();
    [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int rd_kafka_conf_set(IntPtr conf, string name, string value, StringBuilder errstr, UIntPtr size);
    [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder errstr, UIntPtr size);
    [DllImport(Library)] private static extern void rd_kafka_destroy(IntPtr rk);
    [DllImport(Library)] private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokers);
    [DllImport(Library)] private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);
    [DllImport(Library)] private static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);
    [DllImport(Library)] private static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);
    [DllImport(Library)] private static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);
    [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replication);
#pragma warning restore SYSLIB1054, CA2101
}

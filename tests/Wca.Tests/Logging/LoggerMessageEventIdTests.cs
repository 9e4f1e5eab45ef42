using System.Reflection;
using Microsoft.Extensions.Logging;
using Wca.Storage;

namespace Wca.Tests.Logging;

/// <summary>
/// Event ids are what log pipelines filter and alert on: every [LoggerMessage] of the agent has its own explicit id,
/// inside its folder's range, and an id once given keeps its meaning.
/// </summary>
public sealed class LoggerMessageEventIdTests
{
    /// <summary>Id range per namespace (a namespace covers its sub-namespaces); namespaces not listed only need unique ids.</summary>
    private static readonly (string Namespace, int First, int Last)[] Ranges =
    [
        ("Wca.Host.Configuration", 1000, 1099),
        ("Wca.Host.Plugins", 1100, 1199),
        ("Wca.Host.Logging", 1200, 1299),
        ("Wca.Storage", 1300, 1399),
        ("Wca.Host.Cli", 1400, 1499),
        ("Wca.Host.Security", 1400, 1499),
        ("Wca.Kernel", 2000, 2099),
        ("Wca.Measurement", 2100, 2199),
        ("Wca.Discovery", 2200, 2299),
        ("Wca.Databases", 1500, 1549),
        ("Wca.Hosting", 1440, 1459),
        ("Wca.Pipeline", 3000, 3099),
        ("Wca.Runners", 3100, 3199),
        ("Wca.Actuation", 3200, 3299),
        ("Wca.Decision", 3400, 3499),
    ];

    /// <summary>
    /// The ids of the host's configuration, plugins and logging and of the storage, pinned: changing or reusing one
    /// fails here, adding one means adding it here.
    /// </summary>
    private static readonly Dictionary<string, int> Pinned = new(StringComparer.Ordinal)
    {
        ["Wca.Host.Configuration.ConfigurationBinder+Log.ScalarValueIgnored"] = 1000,
        ["Wca.Host.Configuration.ConfigurationBinder+Log.DisposeFailed"] = 1001,
        ["Wca.Storage.LogStorage+Log.Reopened"] = 1300,
        ["Wca.Storage.Kafka.KafkaStorage+Log.Librdkafka"] = 1350,
        ["Wca.Storage.Kafka.KafkaStorage+Log.EmptyPackageSkipped"] = 1351,
        ["Wca.Storage.Kafka.KafkaStorage+Log.QueueFull"] = 1352,
        ["Wca.Storage.Kafka.KafkaStorage+Log.PackageRefused"] = 1353,
        ["Wca.Storage.Kafka.KafkaStorage+Log.Resumed"] = 1354,
        ["Wca.Storage.Kafka.KafkaStorage+Log.NotDelivered"] = 1355,
        ["Wca.Storage.Kafka.KafkaStorage+Log.BrokerPlaceholder"] = 1356,
        ["Wca.Storage.Prometheus.PrometheusStorage+Log.Listening"] = 1360,
        ["Wca.Storage.Prometheus.PrometheusStorage+Log.BasicAuthWithoutTls"] = 1361,
    };

    private static readonly string[] PinnedNamespaces = ["Wca.Host.Configuration", "Wca.Host.Plugins", "Wca.Host.Logging", "Wca.Storage"];

    private sealed record Message(string Name, string Namespace, LoggerMessageAttribute Attribute);

    private static List<Message> AgentMessages() =>
    [
        .. new[] { typeof(LogStorage).Assembly, typeof(Wca.Api.IStorage).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(x => x.Attribute is not null)
                .Select(x => new Message($"{t.FullName}.{x.Method.Name}", t.Namespace ?? "", x.Attribute!))),
    ];

    private static bool IsIn(string ns, string prefix) => ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal);

    [Fact]
    public void Every_message_has_an_explicit_id_no_other_message_uses()
    {
        var messages = AgentMessages();
        Assert.Contains(messages, m => m.Name.EndsWith("ConfigurationBinder+Log.ScalarValueIgnored", StringComparison.Ordinal));

        // The attribute's EventId is -1 when unset (the generator would then derive one from the method name).
        Assert.Empty(messages.Where(m => m.Attribute.EventId <= 0).Select(m => m.Name));
        var shared = messages.GroupBy(m => m.Attribute.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name).Order(StringComparer.Ordinal))}")
            .ToArray();
        Assert.Empty(shared);
    }

    [Fact]
    public void Every_message_id_is_in_its_namespace_range()
    {
        var outside = AgentMessages()
            .Select(m => (m.Name, Id: m.Attribute.EventId, Range: Ranges.Where(r => IsIn(m.Namespace, r.Namespace)).OrderByDescending(r => r.Namespace.Length).FirstOrDefault()))
            .Where(x => x.Range.Namespace is not null && (x.Id < x.Range.First || x.Id > x.Range.Last))
            .Select(x => $"{x.Name} = {x.Id}, expected {x.Range.First}–{x.Range.Last}")
            .ToArray();
        Assert.Empty(outside);
    }

    [Fact]
    public void Host_and_storage_ids_are_pinned()
    {
        var actual = AgentMessages()
            .Where(m => PinnedNamespaces.Any(ns => IsIn(m.Namespace, ns)))
            .ToDictionary(m => m.Name, m => m.Attribute.EventId, StringComparer.Ordinal);
        Assert.Equal(Pinned.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}

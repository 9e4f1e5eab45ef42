using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace Wca.Tests.TestSupport;

/// <summary>Reads a topic of a <see cref="KafkaMockCluster"/> back: with a Confluent.Kafka consumer and with kcat.</summary>
public static class KafkaMockClusterReader
{
    /// <summary>Every message of <paramref name="topic"/> from the beginning (partition by partition, each in order),
    /// waiting until <paramref name="expected"/> have come or <paramref name="timeout"/> passed.</summary>
    public static IReadOnlyList<string> Consume(string bootstrapServers, string topic, int expected, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "wca-test-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var messages = new List<string>();
        var watch = Stopwatch.StartNew();
        while (messages.Count < expected && watch.Elapsed < timeout)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is { } message && !result.IsPartitionEOF) messages.Add(Encoding.UTF8.GetString(message.Value));
        }
        // Anything beyond the expected count is a duplicate or a stray: take what else is there.
        while (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message: { } extra }) messages.Add(Encoding.UTF8.GetString(extra.Value));
        consumer.Close();
        return messages;
    }

    /// <summary>Every message of <paramref name="topic"/> as kcat (Debian's, its own librdkafka) prints it.</summary>
    public static IReadOnlyList<string> Kcat(string bootstrapServers, string topic)
    {
        const char separator = '\u001e';
        var psi = new ProcessStartInfo("kcat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", "-b", bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s" + separator })
            psi.ArgumentList.Add(argument);
        using var kcat = Process.Start(psi)!;
        var stderr = kcat.StandardError.ReadToEndAsync();
        var output = kcat.StandardOutput.ReadToEnd();
        if (!kcat.WaitForExit(30_000)) kcat.Kill();
        Assert.True(kcat.ExitCode == 0, $"kcat exited {kcat.ExitCode}: {stderr.Result}");
        return output.Split(separator)[..^1];
    }
}

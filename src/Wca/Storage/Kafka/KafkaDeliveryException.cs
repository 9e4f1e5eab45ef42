namespace Wca.Storage.Kafka;

/// <summary>The brokers did not acknowledge packages; they wait in the storage's queue. The message stays the same for
/// one outage, so the runner logs the outage once.</summary>
public sealed class KafkaDeliveryException(string message) : IOException(message);

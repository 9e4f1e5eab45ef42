using Confluent.Kafka;

namespace Wca.Storage.Kafka;

/// <summary>One package's Kafka message value and its delivery state (set by librdkafka's delivery report thread).</summary>
internal sealed class QueuedPackage(byte[] bytes)
{
    private int _state = (int)DeliveryState.Waiting;

    public byte[] Bytes => bytes;

    public DeliveryState State => (DeliveryState)Volatile.Read(ref _state);

    /// <summary>The error of the last failed attempt; read after <see cref="State"/> says it is waiting again.</summary>
    public Error? LastError { get; private set; }

    public void Produced()
    {
        LastError = null;
        Volatile.Write(ref _state, (int)DeliveryState.InFlight);
    }

    /// <summary>librdkafka did not take it (its own queue was full): offered again later, not a failure.</summary>
    public void Unsent()
    {
        LastError = null;
        Volatile.Write(ref _state, (int)DeliveryState.Waiting);
    }

    public void Reported(Error error)
    {
        LastError = error.IsError ? error : null;
        Volatile.Write(ref _state, (int)(error.IsError ? DeliveryState.Waiting : DeliveryState.Delivered));
    }
}

namespace Wca.Storage.Kafka;

/// <summary>Where a queued package is on its way to the broker.</summary>
internal enum DeliveryState
{
    /// <summary>Not handed to librdkafka (new, or its last attempt failed).</summary>
    Waiting,

    /// <summary>Produced; its delivery report has not come back.</summary>
    InFlight,

    /// <summary>The broker acknowledged it.</summary>
    Delivered,
}

namespace Wca.Storage;

/// <summary>What a queueing storage holds and has given up on.</summary>
/// <param name="Packages">Packages waiting for delivery.</param>
/// <param name="Bytes">Their serialised size.</param>
/// <param name="DroppedPackages">Packages dropped since start (the oldest first, when the queue was full).</param>
internal readonly record struct StorageQueueState(long Packages, long Bytes, long DroppedPackages);

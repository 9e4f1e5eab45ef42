namespace Wca.Api.Databases;

/// <summary>
/// A key-value store where a detector or allocator keeps state across restarts (and, with etcd or ZooKeeper, shares it
/// between nodes): <c>database: !LocalDatabase {directory: ...}</c>, <c>!EtcdDatabase</c> or <c>!ZookeeperDatabase</c>
/// on a plugin's YAML. Keys are 1-255 bytes of <c>[A-Za-z0-9._-]</c> (<see cref="DatabaseKey"/>); values are any
/// bytes, empty included. Every call is synchronous, as plugin calls are, and returns or throws within the database's
/// timeout.
/// </summary>
/// <remarks>
/// Implementations are safe to call from several threads. A database that cannot be reached makes a call throw
/// <see cref="DatabaseUnavailableException"/> after the timeout; the caller decides whether to go on without the
/// value (the agent keeps running either way).
/// </remarks>
public interface IKeyValueDatabase
{
    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any value there.</summary>
    /// <exception cref="ArgumentException">The key breaks a rule of <see cref="DatabaseKey"/>.</exception>
    /// <exception cref="DatabaseUnavailableException">The database did not take the value within the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, CancellationToken cancellationToken = default);

    /// <summary>The value under <paramref name="key"/>, or null when there is none.</summary>
    /// <exception cref="ArgumentException">The key breaks a rule of <see cref="DatabaseKey"/>.</exception>
    /// <exception cref="DatabaseUnavailableException">The database did not answer within the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    byte[]? Get(ReadOnlySpan<byte> key, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="key"/>; true when it was there.</summary>
    /// <exception cref="ArgumentException">The key breaks a rule of <see cref="DatabaseKey"/>.</exception>
    /// <exception cref="DatabaseUnavailableException">The database did not answer within the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    bool Delete(ReadOnlySpan<byte> key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="value"/> only if the key holds exactly <paramref name="expected"/> (null = only if the key
    /// is missing), atomically with respect to every other writer of this database (other nodes included); true when
    /// stored. What plugins on many nodes writing one key use: read, compute, compare-and-set, retry on false.
    /// </summary>
    /// <exception cref="ArgumentException">The key breaks a rule of <see cref="DatabaseKey"/>.</exception>
    /// <exception cref="DatabaseUnavailableException">The database did not answer within the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    bool CompareAndSet(ReadOnlySpan<byte> key, byte[]? expected, ReadOnlySpan<byte> value, CancellationToken cancellationToken = default);
}

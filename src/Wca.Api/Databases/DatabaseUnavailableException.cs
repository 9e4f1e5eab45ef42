namespace Wca.Api.Databases;

/// <summary>
/// A <see cref="IKeyValueDatabase"/> call failed for a reason of the database, not of the caller: no host answered
/// within the timeout, a connection was refused, the server answered with an error. Thrown at the latest when the
/// timeout has passed; the message names the key and what each host did. Catch it to go on without the value.
/// </summary>
public sealed class DatabaseUnavailableException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public DatabaseUnavailableException(string message) : base(message)
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public DatabaseUnavailableException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>An unspecified failure.</summary>
    public DatabaseUnavailableException() : base("the database is unavailable")
    {
    }
}

using System.Net;

namespace Wca.Discovery.Http;

/// <summary>
/// Asking the orchestrator failed in a way the agent survives: the pipeline counts it by <see cref="Kind"/>, logs the
/// message once per distinct failure and measures the tasks reported last. The message is for the operator: it names
/// the URL and what to check, and holds nothing that changes from one poll to the next (so repeats are not re-logged).
/// </summary>
internal sealed class DiscoveryException : Exception
{
    public DiscoveryException(DiscoveryFailureKind kind, string message, Exception? inner = null, HttpStatusCode? status = null)
        : base(message, inner)
    {
        Kind = kind;
        StatusCode = status;
    }

    public DiscoveryFailureKind Kind { get; }

    /// <summary>The HTTP status of a <see cref="DiscoveryFailureKind.HttpStatus"/> or <see cref="DiscoveryFailureKind.Unauthorized"/> failure.</summary>
    public HttpStatusCode? StatusCode { get; }
}

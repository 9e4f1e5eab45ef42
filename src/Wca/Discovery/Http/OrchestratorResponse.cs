using System.Net;

namespace Wca.Discovery.Http;

/// <summary>A successful (2xx) answer of an orchestrator: its status and its whole body (within the client's size bound).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body bytes; owned by the caller (a fresh buffer per answer).</param>
internal sealed record OrchestratorResponse(HttpStatusCode Status, ReadOnlyMemory<byte> Body)
{
    /// <summary>The Content-Type media type, e.g. application/json; null when the server sent none.</summary>
    public string? MediaType { get; init; }
}

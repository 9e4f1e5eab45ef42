namespace Wca.Tests.TestSupport;

/// <summary>How an <see cref="OrchestratorServer"/> route misbehaves.</summary>
public enum OrchestratorFault
{
    /// <summary>Answer the route's status and body.</summary>
    None,
    /// <summary>Announce the whole body's length, send half of it, then drop the connection.</summary>
    DropMidBody,
    /// <summary>Never answer (not even headers) until the client gives up or the server stops.</summary>
    Stall,
    /// <summary>Send headers and half of the body, then stall.</summary>
    StallMidBody,
    /// <summary>200 with bytes that are not JSON.</summary>
    Garbage,
    /// <summary>200 with <see cref="OrchestratorRoute.HugeBytes"/> bytes, chunked (no Content-Length).</summary>
    Huge,
    /// <summary>200 announcing <see cref="OrchestratorRoute.HugeBytes"/> bytes in Content-Length, then sending them.</summary>
    HugeAnnounced,
}

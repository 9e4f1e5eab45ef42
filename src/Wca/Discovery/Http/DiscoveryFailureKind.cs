namespace Wca.Discovery.Http;

/// <summary>Why asking the orchestrator failed; each kind is counted separately (wca_failure_count{stage="discovery", component=kind}).</summary>
internal enum DiscoveryFailureKind
{
    /// <summary>Nothing listens at the endpoint (connection refused).</summary>
    ConnectionRefused,
    /// <summary>The endpoint cannot be reached otherwise: name not resolved, network unreachable, connection reset before an answer.</summary>
    ConnectionFailed,
    /// <summary>No complete answer within the configured timeout.</summary>
    Timeout,
    /// <summary>The TLS handshake failed: untrusted or mismatched server certificate, client certificate refused, no common protocol.</summary>
    Tls,
    /// <summary>HTTP 401 or 403: credentials missing, refused or expired (a rotated token, a client certificate not authorized).</summary>
    Unauthorized,
    /// <summary>Any other status outside 2xx.</summary>
    HttpStatus,
    /// <summary>The connection broke while the answer was read (truncated body).</summary>
    Interrupted,
    /// <summary>The answer is not what the node expects (invalid or truncated JSON, missing fields).</summary>
    MalformedAnswer,
    /// <summary>The answer is larger than the configured bound.</summary>
    TooLarge,
}

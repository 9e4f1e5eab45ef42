using System.Net.Security;

namespace Wca.Discovery.Http;

/// <summary>
/// The cipher suites every orchestrator client offers: TLS 1.3's AEAD suites and, for TLS 1.2, ECDHE key exchange with
/// AES-GCM only (the final release's short list; no CBC, no RSA key exchange, no compression).
/// </summary>
internal static class HardenedCipherSuites
{
    /// <summary>Null where the platform cannot restrict suites (then its defaults apply).</summary>
    public static CipherSuitesPolicy? Policy { get; } = Create();

    private static CipherSuitesPolicy? Create()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        return new CipherSuitesPolicy(
        [
            TlsCipherSuite.TLS_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        ]);
    }
}

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wca.Api.Configuration;

namespace Wca.Discovery.Http;

/// <summary>
/// The <c>!SSL</c> component: how an orchestrator client checks the server and proves who it is. <c>server_verify</c>:
/// true (the default) = the system's CA store, false = accept any server certificate (testing only), or the path of a
/// PEM CA bundle = only servers signed by those CAs (the kubelet's and the apiserver's usual case). The client
/// certificate and its key are PEM files; a certificate file holding its key too needs no <c>client_key_path</c>. Every
/// file is read and checked here, so a wrong one (encrypted key, key without certificate, key not matching the
/// certificate) stops the agent at start-up, not at the first poll. TLS 1.2 and 1.3 only, with forward-secret AEAD
/// suites (the final release's hardening).
/// </summary>
[WcaComponent(Tag = "SSL")]
public sealed class SslSettings
{
    private readonly X509Certificate2Collection? _trustedCas;

    /// <param name="serverVerify">true (the default) = system CAs, false = no verification, or an absolute path to a PEM CA bundle.</param>
    /// <param name="clientCertPath">PEM client certificate (may contain the key too).</param>
    /// <param name="clientKeyPath">PEM private key of the client certificate (unencrypted).</param>
    public SslSettings(
        Either<bool, string>? serverVerify = null,
        [FilePath(Absolute = true, MustBeReadable = true)] string? clientCertPath = null,
        [FilePath(Absolute = true, MustBeReadable = true)] string? clientKeyPath = null)
    {
        ServerVerify = serverVerify ?? true;
        ClientCertPath = clientCertPath;
        ClientKeyPath = clientKeyPath;
        if (!ServerVerify.IsFirst) _trustedCas = LoadCaBundle(ServerVerify.Second!);
        if (clientKeyPath is not null && clientCertPath is null)
            throw new ArgumentException($"client_key_path '{clientKeyPath}' is given without client_cert_path: give the certificate of that key too", nameof(clientKeyPath));
        if (clientCertPath is not null) ClientCertificate = LoadClientCertificate(clientCertPath, clientKeyPath);
    }

    public Either<bool, string> ServerVerify { get; }
    public string? ClientCertPath { get; }
    public string? ClientKeyPath { get; }

    /// <summary>False only for <c>server_verify: false</c>.</summary>
    public bool VerifiesServer => !ServerVerify.IsFirst || ServerVerify.First;

    /// <summary>The client certificate with its private key, or null.</summary>
    internal X509Certificate2? ClientCertificate { get; }

    /// <summary>TLS 1.2 or later only.</summary>
    internal const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The TLS options of a client without <c>ssl</c>: verify against the system CAs, no client certificate.</summary>
    internal static void ConfigureDefault(SslClientAuthenticationOptions options)
    {
        options.EnabledSslProtocols = Protocols;
        options.CipherSuitesPolicy = HardenedCipherSuites.Policy;
    }

    /// <summary>Applies these settings to a client's TLS options.</summary>
    internal void Configure(SslClientAuthenticationOptions options)
    {
        ConfigureDefault(options);
        if (ClientCertificate is not null)
        {
            options.ClientCertificates = [ClientCertificate];
            // Offer the certificate whatever CA list the server announces (kubelets often announce none).
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate;
        }
        if (!VerifiesServer)
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        else if (_trustedCas is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(_trustedCas);
            options.CertificateChainPolicy = policy;
        }
    }

    private static X509Certificate2Collection LoadCaBundle(string path)
    {
        var problem = new FilePathAttribute { Absolute = true, MustBeReadable = true }.Validate(path);
        if (problem is not null) throw new ArgumentException($"server_verify is true, false or a CA bundle path; '{path}': {problem}", "serverVerify");
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"server_verify: '{path}' is not a PEM CA bundle: {e.Message}", "serverVerify", e);
        }
        if (cas.Count == 0)
            throw new ArgumentException($"server_verify: '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)", "serverVerify");
        return cas;
    }

    private static X509Certificate2 LoadClientCertificate(string certPath, string? keyPath)
    {
        var keyFile = keyPath ?? certPath;
        var keyText = File.ReadAllText(keyFile);
        if (keyText.Contains("ENCRYPTED", StringComparison.Ordinal))
            throw new ArgumentException($"the private key in '{keyFile}' is encrypted: the agent cannot ask for a pass phrase; give an unencrypted PEM key (e.g. openssl pkey -in key -out plain.key)",
                keyPath is null ? "clientCertPath" : "clientKeyPath");
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw keyPath is null
                ? new ArgumentException($"client_cert_path '{certPath}' has no private key: give client_key_path, or a .pem holding the certificate and its key", "clientCertPath")
                : new ArgumentException($"client_key_path '{keyPath}' holds no PEM private key (-----BEGIN PRIVATE KEY-----)", "clientKeyPath");
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException && e.Message.Contains("does not match", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"the private key '{keyFile}' does not belong to the certificate '{certPath}' (the public keys differ)", "clientKeyPath", e);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new ArgumentException($"client_cert_path '{certPath}' (key '{keyFile}') cannot be read as a PEM certificate and key: {e.Message}", "clientCertPath", e);
        }
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"client_cert_path '{certPath}': no private key found for the certificate", "clientCertPath");
        return certificate;
    }
}

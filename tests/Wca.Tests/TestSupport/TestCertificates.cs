using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wca.Tests.TestSupport;

/// <summary>
/// A throw-away PKI for the HTTPS tests, written as PEM files into its own <see cref="TestDirectory"/>: a CA, a server
/// certificate for 127.0.0.1 and localhost, a client certificate (separate key, combined .pem, encrypted key), a key
/// that matches neither, and a second CA nobody trusts. ECDSA P-256: generated in milliseconds.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TestDirectory _dir = new();

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Ca = MakeCa("wca-test-ca", caKey);
        using var otherCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCa = MakeCa("wca-test-untrusted-ca", otherCaKey);

        Server = Issue(Ca, caKey, "127.0.0.1", serverAuth: true, out var serverKey);
        Client = Issue(Ca, caKey, "wca-agent", serverAuth: false, out var clientKey);
        UntrustedClient = Issue(otherCa, otherCaKey, "wca-intruder", serverAuth: false, out var intruderKey);
        using var strayKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        CaPath = Write("ca.pem", Ca.ExportCertificatePem());
        OtherCaPath = Write("other-ca.pem", otherCa.ExportCertificatePem());
        ServerCertPath = Write("server.crt", Server.ExportCertificatePem());
        ServerKeyPath = Write("server.key", serverKey.ExportPkcs8PrivateKeyPem());
        ClientCertPath = Write("client.crt", Client.ExportCertificatePem());
        ClientKeyPath = Write("client.key", clientKey.ExportPkcs8PrivateKeyPem());
        ClientCombinedPath = Write("client.pem", Client.ExportCertificatePem() + "\n" + clientKey.ExportPkcs8PrivateKeyPem());
        ClientEncryptedKeyPath = Write("client-encrypted.key", clientKey.ExportEncryptedPkcs8PrivateKeyPem("secret",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        StrayKeyPath = Write("stray.key", strayKey.ExportPkcs8PrivateKeyPem());
        UntrustedClientCertPath = Write("intruder.crt", UntrustedClient.ExportCertificatePem());
        UntrustedClientKeyPath = Write("intruder.key", intruderKey.ExportPkcs8PrivateKeyPem());
        serverKey.Dispose();
        clientKey.Dispose();
        intruderKey.Dispose();
    }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate with its private key (what Kestrel serves).</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The client certificate with its private key.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>A client certificate signed by the untrusted CA.</summary>
    public X509Certificate2 UntrustedClient { get; }

    public string Directory => _dir.Path;
    public string CaPath { get; }
    public string OtherCaPath { get; }
    public string ServerCertPath { get; }
    public string ServerKeyPath { get; }
    public string ClientCertPath { get; }
    public string ClientKeyPath { get; }
    public string ClientCombinedPath { get; }
    public string ClientEncryptedKeyPath { get; }
    public string StrayKeyPath { get; }
    public string UntrustedClientCertPath { get; }
    public string UntrustedClientKeyPath { get; }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA (how the test server checks client certificates).</summary>
    public bool IsIssuedByCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        return chain.Build(certificate);
    }

    private string Write(string name, string pem) => _dir.Write(name, pem);

    private static X509Certificate2 MakeCa(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, ECDsa caKey, string name, bool serverAuth, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        // The CA certificate carries its key (self-signed above); caKey keeps the same key alive meanwhile.
        GC.KeepAlive(caKey);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(29), serial); // within the CA's validity
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        UntrustedClient.Dispose();
        _dir.Dispose();
    }
}

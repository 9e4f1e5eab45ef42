using Wca.Discovery.Http;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Http;

/// <summary>!SSL reads and checks its files when built: every wrong combination is a start-up error saying which.</summary>
public sealed class SslSettingsTests : IClassFixture<OrchestratorClientTests.Pki>
{
    private readonly TestCertificates _certs;

    public SslSettingsTests(OrchestratorClientTests.Pki pki) => _certs = pki.Certificates;

    [Fact]
    public void Defaults_verify_against_the_system_store_without_a_client_certificate()
    {
        var ssl = new SslSettings();
        Assert.True(ssl.VerifiesServer);
        Assert.True(ssl.ServerVerify.IsFirst);
        Assert.Null(ssl.ClientCertificate);
    }

    [Fact]
    public void A_certificate_with_its_key_or_a_combined_pem_loads_with_the_private_key()
    {
        Assert.True(new SslSettings(true, _certs.ClientCertPath, _certs.ClientKeyPath).ClientCertificate!.HasPrivateKey);
        Assert.True(new SslSettings(true, _certs.ClientCombinedPath).ClientCertificate!.HasPrivateKey);
    }

    [Fact]
    public void An_encrypted_key_is_an_error_saying_so()
    {
        var e = Assert.Throws<ArgumentException>(() => new SslSettings(true, _certs.ClientCertPath, _certs.ClientEncryptedKeyPath));
        Assert.Equal("clientKeyPath", e.ParamName);
        Assert.Contains("encrypted", e.Message);
        Assert.Contains(_certs.ClientEncryptedKeyPath, e.Message);
    }

    [Fact]
    public void A_key_without_certificate_is_an_error_saying_so()
    {
        var e = Assert.Throws<ArgumentException>(() => new SslSettings(true, null, _certs.ClientKeyPath));
        Assert.Equal("clientKeyPath", e.ParamName);
        Assert.Contains("without client_cert_path", e.Message);
    }

    [Fact]
    public void A_certificate_without_key_is_an_error_saying_so()
    {
        var e = Assert.Throws<ArgumentException>(() => new SslSettings(true, _certs.ClientCertPath));
        Assert.Equal("clientCertPath", e.ParamName);
        Assert.Contains("no private key", e.Message);
    }

    [Fact]
    public void A_key_not_matching_the_certificate_is_an_error_saying_so()
    {
        var e = Assert.Throws<ArgumentException>(() => new SslSettings(true, _certs.ClientCertPath, _certs.StrayKeyPath));
        Assert.Equal("clientKeyPath", e.ParamName);
        Assert.Contains("does not belong to the certificate", e.Message);
    }

    [Fact]
    public void A_ca_bundle_that_is_no_pem_certificate_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new SslSettings(_certs.ClientKeyPath));
        Assert.Equal("serverVerify", e.ParamName);
        Assert.Contains("no PEM certificate", e.Message);
        var missing = Assert.Throws<ArgumentException>(() => new SslSettings("/nonexistent/ca.pem"));
        Assert.Contains("/nonexistent/ca.pem", missing.Message);
    }
}

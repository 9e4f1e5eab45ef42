using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Wca.Tests.Storage.Prometheus;

/// <summary>HTTP clients for the endpoint.</summary>
internal static class Clients
{
    /// <summary>A client without automatic decompression, trusting exactly <paramref name="certificateFile"/> when given.</summary>
    public static HttpClient For(string? certificateFile)
    {
        var handler = new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None };
        if (certificateFile is not null)
        {
            var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && (errors == SslPolicyErrors.None || certificate.GetCertHashString() == trusted.GetCertHashString());
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public static System.Net.Http.Headers.AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
}

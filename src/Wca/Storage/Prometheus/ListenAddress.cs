using System.Globalization;
using System.Net;

namespace Wca.Storage.Prometheus;

/// <summary>A <c>host:port</c> to listen on: an IPv4 address, a bracketed IPv6 address, <c>localhost</c>, or nothing
/// before the colon for every interface.</summary>
internal readonly record struct ListenAddress(IPAddress Address, int Port)
{
    public const string Expected = "'host:port' with an IP address (IPv6 in brackets), 'localhost' or nothing for every interface, and a port 1-65535";

    public static ListenAddress Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"expected {Expected}, found '{text}'", "listen");
        var host = text[..colon];
        IPAddress? address = host switch
        {
            "" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            ['[', .., ']'] => IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? v6 : null,
            _ => IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4 : null,
        };
        return address is null
            ? throw new ArgumentException($"expected {Expected}, found '{text}' ('{host}' is not an IP address; use a name-free address so the agent never waits for DNS)", "listen")
            : new ListenAddress(address, port);
    }

    public override string ToString() => new IPEndPoint(Address, Port).ToString();
}

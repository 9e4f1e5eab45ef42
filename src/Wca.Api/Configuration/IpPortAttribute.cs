using System.Net;

namespace Wca.Api.Configuration;

/// <summary>
/// "ip:port" (IPv4, or IPv6 in brackets), port 1–65535. Unlike the reference, a host name is accepted
/// when <see cref="AllowHostName"/> is set (Kafka brokers are usually named).
/// </summary>
public sealed class IpPortAttribute : ConfigValidationAttribute
{
    /// <summary>Accept a DNS host name instead of an IP address (default true).</summary>
    public bool AllowHostName { get; init; } = true;

    /// <inheritdoc/>
    public override string Expected => AllowHostName ? "host:port" : "ip:port";

    /// <inheritdoc/>
    public override string? Validate(object value)
    {
        if (value is not string s) return "Invalid type: " + value.GetType().Name + ". Type must be a string.";
        var colon = s.LastIndexOf(':');
        if (colon <= 0) return $"Given str: '{s}' is not of the form {Expected}";
        var host = s[..colon];
        var port = s[(colon + 1)..];
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            return $"Given str: '{port}' is not valid port value";
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (IPAddress.TryParse(host, out _)) return null;
        if (AllowHostName && Uri.CheckHostName(host) == UriHostNameType.Dns) return null;
        return $"Given str: '{host}' is not valid ip address";
    }
}

namespace Wca.Tests.Logging;

/// <summary>A clock stopped at one instant, in a fixed local time zone.</summary>
internal sealed class FixedTime(DateTimeOffset utc, TimeSpan localOffset) : TimeProvider
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.CreateCustomTimeZone("wca-test", localOffset, "wca-test", "wca-test");

    public override DateTimeOffset GetUtcNow() => utc;
    public override TimeZoneInfo LocalTimeZone => _zone;
}

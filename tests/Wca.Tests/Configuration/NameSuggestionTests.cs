using Wca.Host.Configuration;

namespace Wca.Tests.Configuration;

public sealed class NameSuggestionTests
{
    [Theory]
    [InlineData("intervall", "interval")]
    [InlineData("MeasurmentRunner", "MeasurementRunner")]
    [InlineData("metrcis_storage", "metrics_storage")]
    [InlineData("nodee", "node")]
    public void SuggestsTheClosestName(string given, string expected) =>
        Assert.Equal(expected, NameSuggestion.Closest(given, ["interval", "node", "metrics_storage", "MeasurementRunner"]));

    [Fact]
    public void SuggestsNothingWhenNothingIsClose() =>
        Assert.Null(NameSuggestion.Closest("completely_different", ["interval", "node"]));
}

using Wca.Discovery.Kubernetes;

namespace Wca.Tests.Discovery.Kubernetes;

public sealed class KubernetesQuantityTests
{
    [Theory]
    [InlineData("500m", 0.5)]
    [InlineData("0.5m", 0.0005)]
    [InlineData("1.5", 1.5)]
    [InlineData("2", 2)]
    [InlineData("128974848", 128974848)]
    [InlineData("129e6", 129e6)]
    [InlineData("1E3", 1000)]
    [InlineData("5e-3", 0.005)]
    [InlineData("129M", 129e6)]
    [InlineData("64M", 64e6)]
    [InlineData("123Mi", 123 * 1024d * 1024)]
    [InlineData("1Gi", 1024d * 1024 * 1024)]
    [InlineData("4Ki", 4096)]
    [InlineData("2Ti", 2 * 1099511627776d)]
    [InlineData("1Pi", 1125899906842624d)]
    [InlineData("1Ei", 1152921504606846976d)]
    [InlineData("3k", 3000)]
    [InlineData("1G", 1e9)]
    [InlineData("1T", 1e12)]
    [InlineData("1P", 1e15)]
    [InlineData("2E", 2e18)]
    [InlineData("100u", 1e-4)]
    [InlineData("100n", 1e-7)]
    [InlineData("+1", 1)]
    [InlineData(".5", 0.5)]
    [InlineData("1.", 1)]
    public void Every_quantity_form_of_Kubernetes_is_read(string text, double expected)
    {
        Assert.True(KubernetesQuantity.TryParse(text, out var value), text);
        Assert.Equal(expected, value, expected * 1e-12);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("Mi")]
    [InlineData("1 Mi")]
    [InlineData("1MI")]
    [InlineData("1mi")]
    [InlineData("1KB")]
    [InlineData("1x")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    [InlineData("1.2.3")]
    public void Anything_else_is_not_a_quantity(string text) =>
        Assert.False(KubernetesQuantity.TryParse(text, out _), text);
}

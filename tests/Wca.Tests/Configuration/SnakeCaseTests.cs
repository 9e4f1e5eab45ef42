using Wca.Host.Configuration;

namespace Wca.Tests.Configuration;

public sealed class SnakeCaseTests
{
    [Theory]
    [InlineData("interval", "interval")]
    [InlineData("extraLabels", "extra_labels")]
    [InlineData("MaxItems", "max_items")]
    [InlineData("sslCAFile", "ssl_ca_file")]
    [InlineData("kubeletEndpoint2", "kubelet_endpoint2")]
    [InlineData("_allocationConfiguration", "_allocation_configuration")]
    public void ConvertsCSharpNamesToYamlKeys(string name, string key) => Assert.Equal(key, SnakeCase.From(name));
}

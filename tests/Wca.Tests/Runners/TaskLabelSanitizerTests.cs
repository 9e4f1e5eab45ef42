using Wca.Pipeline;

namespace Wca.Tests.Runners;

public sealed class TaskLabelSanitizerTests
{
    [Theory]
    [InlineData("org.apache.aurora.metadata.foo", "foo")]
    [InlineData("org.apache.ble", "ble")]
    [InlineData("org.apache.aurora.tier", "aurora_tier")]
    [InlineData("some.dots.found", "some_dots_found")]
    [InlineData("aurora.metadata.name", "name")]
    [InlineData("x.org.apache.y", "x_org_apache_y")]            // prefix only at the start
    [InlineData("org.apache.x.org.apache.y", "x_y")]            // then every occurrence goes
    [InlineData("app.kubernetes.io/name", "app_kubernetes_io_name")]
    [InlineData("1st-label", "_1st_label")]
    [InlineData("already_fine", "already_fine")]
    public void Label_keys_become_prometheus_label_names(string key, string expected) =>
        Assert.Equal(expected, TaskLabelSanitizer.Sanitize(key));

    [Fact]
    public void A_valid_key_is_returned_as_is()
    {
        const string key = "task_name";
        Assert.Same(key, TaskLabelSanitizer.Sanitize(key));
    }
}

using Wca.Api;

namespace Wca.Tests.Api;

public sealed class LabelSetTests
{
    private static string Text(LabelSet labels) => string.Join(",", labels.Pairs.ToArray().Select(p => $"{p.Key}={p.Value}"));

    [Fact]
    public void Keys_are_kept_sorted_and_the_last_duplicate_wins()
    {
        var labels = LabelSet.From(("b", "1"), ("a", "2"), ("b", "3"));
        Assert.Equal("a=2,b=3", Text(labels));
    }

    [Theory]
    [InlineData("a=1,c=3", "b=2,d=4", "a=1,b=2,c=3,d=4")]
    [InlineData("a=1,b=2,c=3", "b=X", "a=1,b=X,c=3")]
    [InlineData("b=2", "a=1,b=X,z=9", "a=1,b=X,z=9")]
    [InlineData("host=h,task_id=t", "host=H,sockets=1", "host=H,sockets=1,task_id=t")]
    public void Merge_overlays_the_overrides_and_stays_sorted(string baseText, string overridesText, string expected)
    {
        static LabelSet Parse(string text) => LabelSet.From(text.Split(',').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1])));
        var merged = Parse(baseText).Merge(Parse(overridesText));
        Assert.Equal(expected, Text(merged));
        Assert.Equal(Parse(expected), merged);
    }

    [Fact]
    public void Merging_with_an_empty_set_returns_the_same_instance()
    {
        var labels = LabelSet.From(("a", "1"));
        Assert.Same(labels, labels.Merge(LabelSet.Empty));
        Assert.Same(labels, LabelSet.Empty.Merge(labels));
    }
}

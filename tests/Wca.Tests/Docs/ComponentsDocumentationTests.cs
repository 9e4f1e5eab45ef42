using Wca.Tests.TestSupport;

namespace Wca.Tests.Docs;

public sealed class ComponentsDocumentationTests
{
    [Fact]
    public void Docs_components_md_matches_the_configuration_model()
    {
        var path = Path.Combine(RepoLayout.Root, "docs", "components.md");
        var expected = ComponentsDocumentation.Render();
        if (Environment.GetEnvironmentVariable("WCA_UPDATE_DOCS") == "1") File.WriteAllText(path, expected);
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        Assert.True(expected == actual, $"{path} is out of date with the components; regenerate it with: {ComponentsDocumentation.RegenerateCommand}");
    }

    [Fact]
    public void Every_built_in_tag_and_key_is_documented_with_a_meaning_where_the_code_gives_one()
    {
        var doc = ComponentsDocumentation.Render();
        foreach (var tag in BuiltInComponents.CreateRegistry().Tags) Assert.Contains($"\n## `!{tag}`\n", doc);
        // The shared runner keys come from the base class's property docs, a node's from its constructor's params.
        Assert.Contains("| `interval` (alias `action_delay`) | a number | 1 | a number from 0 to 60 | Seconds between iteration starts (2019 name: action_delay). |", doc);
        Assert.Contains("| `require_pids` | true or false | false |", doc);
        Assert.Contains("| `node` | ", doc);
    }
}

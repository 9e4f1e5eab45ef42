using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Pipeline;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Runners;

/// <summary>task_label_generators with !TaskLabelRegexGenerator: labels derived from other task labels, on every task metric.</summary>
public sealed class TaskLabelGeneratorsTests
{
    private static MeasurementRunner Load(TestDirectory dir, string yaml, RecordingLoggerFactory loggers) =>
        Assert.IsType<MeasurementRunner>(ConfigurationLoader.Load(dir.Write("wca.yaml", yaml), BuiltInComponents.CreateRegistry(),
            new AgentServices(loggers, HostPaths.Default, new LogCounters(), TimeProvider.System)).Runner);

    [Fact]
    public void Derived_labels_are_on_every_task_metric_and_a_missing_source_is_warned_about()
    {
        using var task = TestCgroup.Create("gen");
        using var dir = new TestDirectory();
        var loggers = new RecordingLoggerFactory();
        using var runner = Load(dir, $"""
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: [{task.RelativePath}]
                default_labels: {"{"}aurora_name: "root/staging/webapp-v2.1"{"}"}
              metrics_storage: !LogStorage {"{"}output_filename: {dir.File("out.prom")}, overwrite: true{"}"}
              task_label_generators:
                application: !TaskLabelRegexGenerator
                  pattern: '^.*/([a-z]+)-v(.*)$'
                  repl: '\1'
                  source: aurora_name
                application_version: !TaskLabelRegexGenerator {"{"}pattern: '^.*-v(?P<v>.*)$', repl: 'v\g<1>', source: aurora_name{"}"}
                missing: !TaskLabelRegexGenerator {"{"}pattern: 'x', repl: 'y', source: no_such_label{"}"}
            """, loggers);
        Assert.Equal(0, runner.Initialize());
        runner.RunIteration(0);
        var samples = PrometheusSamples.Parse(File.ReadAllText(dir.File("out.prom"))).Where(s => s.Name.StartsWith("task_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.Equal(("webapp", "v2.1", (string?)null), (s["application"], s["application_version"], s["missing"])));
        runner.RunIteration(0);
        Assert.Single(loggers.Lines, l => l.Message == $"task_label_generators: label missing of task {task.RelativePath} not generated: the task has no no_such_label label");
    }

    [Fact]
    public void Python_replacements_become_dotnet_ones()
    {
        Assert.Equal("${1}-${name}$$\\", TaskLabelRegexGenerator.DotNetReplacement(@"\1-\g<name>$\\"));
        Assert.Equal(@"(?<x>a)\k<x>", TaskLabelRegexGenerator.DotNetPattern("(?P<x>a)(?P=x)"));
        var generator = new TaskLabelRegexGenerator(@"^(\w+)\.(\w+)$", @"\2_\1");
        Assert.Equal("b_a", generator.Generate(new Dictionary<string, string> { ["task_name"] = "a.b" }));
        Assert.Null(generator.Generate(new Dictionary<string, string>()));
    }

    [Fact]
    public void A_generated_label_name_that_is_not_a_label_name_is_a_configuration_error()
    {
        using var dir = new TestDirectory();
        var e = Assert.Throws<ConfigurationException>(() => Load(dir, """
            runner: !MeasurementRunner
              node: !StaticNode {tasks: []}
              task_label_generators:
                1app: !TaskLabelRegexGenerator {pattern: 'x', repl: 'y'}
            """, new RecordingLoggerFactory()));
        Assert.Contains("runner.task_label_generators", e.Message);
        Assert.Contains("'1app' is not a valid label name", e.Message);
    }
}

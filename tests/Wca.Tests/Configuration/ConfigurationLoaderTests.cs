using Wca.Host.Configuration;
using Wca.Host;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Configuration;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly ComponentRegistry _registry = new();
    private readonly AgentServices _services = AgentServices.ForTests(new HostPaths("/p", "/s", "/c", "/r"));
    private readonly Dictionary<string, string> _env = [];

    public ConfigurationLoaderTests()
    {
        foreach (var type in new[] { typeof(FakeNode), typeof(FakeStorage), typeof(FakeRunner), typeof(HoldingRunner), typeof(KitchenSink),
                     typeof(ThrowingComponent), typeof(NeedsName), typeof(MeasurementRunner) })
            _registry.Register(type);
    }

    public void Dispose() => _dir.Dispose();

    private AgentConfiguration Load(string yaml) =>
        ConfigurationLoader.Load(_dir.Write("config.yaml", yaml), _registry, _services, name => _env.GetValueOrDefault(name));

    private ConfigurationException Fails(string yaml) => Assert.Throws<ConfigurationException>(() => Load(yaml));

    private KitchenSink Sink(string body) => (KitchenSink)((HoldingRunner)Load("runner: !HoldingRunner\n  payload: !KitchenSink\n" + body).Runner).Payload!;

    private static void AssertAt(ConfigurationException e, string file, string yamlPath, int line, int column)
    {
        Assert.Equal(file, e.File);
        Assert.Equal(yamlPath, e.YamlPath);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(file, e.Message);
        Assert.Contains($"line {line}, column {column}", e.Message);
        Assert.Contains($"'{yamlPath}'", e.Message);
    }

    [Fact]
    public void BuildsNestedComponentsWithDefaultsAndInjectedServices()
    {
        var config = Load("""
            runner: !FakeRunner
              node: !FakeNode
                tasks: [task1, task2]
              interval: 5
            """);
        var runner = Assert.IsType<FakeRunner>(config.Runner);
        Assert.Equal(["task1", "task2"], Assert.IsType<FakeNode>(runner.Node).Tasks);
        Assert.Equal(5.0, runner.Interval);
        Assert.Null(runner.MetricsStorage);
        Assert.Equal(5.0, ((FakeNode)runner.Node).Timeout);
        Assert.Same(_services.HostPaths, runner.HostPaths);
        Assert.Same(_services.LoggerFactory, runner.LoggerFactory);
        Assert.Same(_services, runner.Services);
        Assert.NotNull(runner.Logger);
        Assert.Empty(config.Loggers);
        Assert.Equal(Path.Combine(_dir.Path, "config.yaml"), config.SourcePath);
    }

    [Fact]
    public void ServiceParametersCannotBeSetFromYaml()
    {
        var e = Fails("""
            runner: !FakeRunner
              node: !FakeNode {tasks: []}
              host_paths: /tmp
            """);
        Assert.Contains("unknown key 'host_paths'", e.Message);
        Assert.DoesNotContain("host_paths,", e.Message);
    }

    [Fact]
    public void OldKeyNameIsAnAliasOfTheNewOne()
    {
        var runner = (FakeRunner)Load("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  action_delay: 2.5\n").Runner;
        Assert.Equal(2.5, runner.Interval);
    }

    [Fact]
    public void GivingBothNamesOfOneKeyIsAnError()
    {
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  interval: 1\n  action_delay: 2\n");
        AssertAt(e, e.File!, "runner.action_delay", 4, 3);
        Assert.Contains("'action_delay' and 'interval' (line 3) set the same value", e.Message);
    }

    [Fact]
    public void MeasurementRunnerLoadsWithTheTrailingDotFloatsOfTheShippedConfigs()
    {
        _registry.Register(typeof(CgroupNodeStandIn), "StaticNode");
        var runner = (MeasurementRunner)Load("""
            runner: !MeasurementRunner
              node: !StaticNode
                patterns:
                  - task1
              action_delay: 1.
              extra_labels: {env: test, k1: "2"}
              rdt_enabled: false
            """).Runner;
        Assert.Equal(TimeSpan.FromSeconds(1), runner.Interval);
        Assert.Equal(["task1"], Assert.IsType<CgroupNodeStandIn>(runner.Node).Patterns);
        Assert.Equal("test", runner.ExtraLabels["env"]);
        Assert.Equal("2", runner.ExtraLabels["k1"]);
        Assert.False(runner.RdtEnabled);
    }

    [Fact]
    public void AnchorAndAliasesGiveTheSameInstanceListedOnceChildrenFirst()
    {
        var config = Load("""
            runner: !FakeRunner
              node: !FakeNode {tasks: []}
              metrics_storage: &shared !FakeStorage
                output_filename: metrics.prom
              anomalies_storage: *shared
              storages: [*shared, !FakeStorage {}]
            """);
        var runner = (FakeRunner)config.Runner;
        Assert.Same(runner.MetricsStorage, runner.AnomaliesStorage);
        Assert.Same(runner.MetricsStorage, runner.Storages![0]);
        Assert.NotSame(runner.MetricsStorage, runner.Storages[1]);
        Assert.Equal(4, config.Components.Count);
        Assert.Same(runner.Node, config.Components[0]);
        Assert.Same(runner.MetricsStorage, config.Components[1]);
        Assert.Same(runner.Storages[1], config.Components[2]);
        Assert.Same(runner, config.Components[3]);
    }

    [Fact]
    public void ListsAndMapsOfComponents()
    {
        var runner = (FakeRunner)Load("""
            runner: !FakeRunner
              node: !FakeNode {tasks: []}
              storages:
                - !FakeStorage {output_filename: a.prom}
                - !FakeStorage {overwrite: true}
              storages_by_name:
                kafka: !FakeStorage {output_filename: k}
            """).Runner;
        Assert.Equal("a.prom", ((FakeStorage)runner.Storages![0]).OutputFilename);
        Assert.True(((FakeStorage)runner.Storages[1]).Overwrite);
        Assert.Equal("k", ((FakeStorage)runner.StoragesByName!["kafka"]).OutputFilename);
    }

    [Fact]
    public void ScalarsOfEveryDeclaredType()
    {
        var sink = Sink("""
                name: sink
                flag: True
                count: 0x10
                big: 1_000_000_000_000
                ratio: .5
                single: 1e-3
                mode: slow_and_steady
                timeout: 2.5
                maybe: null
                anything: {a: [1, 2.5, yes, true, '3'], b: ~}
                numbers: [1, -2, 0o17]
                names: [a, 'b']
                weights: {x: 1, y: 2}
                ssl: /etc/ca.pem
                gaps: [1, null, 3]
                options: {verify: false, ca_file: /ca}
                comment: set through init
                limit: 4
            """);
        Assert.Equal("sink", sink.Name);
        Assert.True(sink.Flag);
        Assert.Equal(16, sink.Count);
        Assert.Equal(1_000_000_000_000L, sink.Big);
        Assert.Equal(0.5, sink.Ratio);
        Assert.Equal(0.001f, sink.Single);
        Assert.Equal(TestMode.SlowAndSteady, sink.Mode);
        Assert.Equal(TimeSpan.FromSeconds(2.5), sink.Timeout);
        Assert.Null(sink.Maybe);
        Assert.Equal("default", sink.OptionalText);
        var anything = Assert.IsType<Dictionary<string, object?>>(sink.Anything);
        Assert.Equal(new object?[] { 1L, 2.5, "yes", true, "3" }, Assert.IsType<List<object?>>(anything["a"]));
        Assert.Null(anything["b"]);
        Assert.Equal([1, -2, 15], sink.Numbers!);
        Assert.Equal(["a", "b"], sink.Names);
        Assert.Equal(2, sink.Weights!["y"]);
        Assert.False(sink.Ssl.IsFirst);
        Assert.Equal("/etc/ca.pem", sink.Ssl.Second);
        Assert.Equal([1, null, 3], sink.Gaps!);
        Assert.False(sink.Options!.Verify);
        Assert.Equal("/ca", sink.Options.CaFile);
        Assert.Equal("set through init", sink.Comment);
        Assert.Equal(4, sink.MaxItems);
    }

    [Fact]
    public void UntaggedOptionsObjectAliasedTwiceIsOneInstance()
    {
        var payload = (List<object?>)((HoldingRunner)Load("""
            runner: !HoldingRunner
              payload:
                - !KitchenSink {name: a, options: &opts {verify: false}}
                - !KitchenSink {name: b, options: *opts}
            """).Runner).Payload!;
        Assert.Same(((KitchenSink)payload[0]!).Options, ((KitchenSink)payload[1]!).Options);
    }

    [Fact]
    public void EnumsAreCaseInsensitiveAndEitherTriesTheFirstTypeFirst()
    {
        var sink = Sink("    name: x\n    mode: FAST\n    ssl: true\n");
        Assert.Equal(TestMode.Fast, sink.Mode);
        Assert.True(sink.Ssl.IsFirst);
        Assert.True(sink.Ssl.First);
        var e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    mode: slowly\n");
        Assert.Contains("expected one of fast, slow_and_steady, found 'slowly'", e.Message);
    }

    [Fact]
    public void QuotedNumbersAreStringsAndPlainOnesAreNot()
    {
        var e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    count: '5'\n");
        AssertAt(e, e.File!, "runner.payload.count", 4, 12);
        Assert.Contains("expected an integer, found '5' (a quoted string)", e.Message);
        Assert.Equal("5", Sink("    name: 5\n").Name);
    }

    [Fact]
    public void IntegerKeysRejectFloatsAndOverflow()
    {
        var e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    count: 1.5\n");
        Assert.Contains("expected an integer, found 1.5 (a number)", e.Message);
        e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    count: 3000000000\n");
        Assert.Contains("that fits a Int32 (-2147483648 to 2147483647), found 3000000000", e.Message);
        e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    big: 99999999999999999999\n");
        Assert.Contains("an integer that fits a Int64", e.Message);
    }

    [Fact]
    public void NullIsAcceptedOnlyWhereDeclaredNullable()
    {
        var e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name:\n");
        AssertAt(e, e.File!, "runner.payload.name", 3, 10);
        Assert.Contains("expected a string, found an empty value (null)", e.Message);
        Assert.Null(Sink("    name: x\n    optional_text: ~\n").OptionalText);
    }

    [Fact]
    public void EnvironmentVariablesAreSubstitutedInsideScalars()
    {
        _env["WCA_TEST_INTERVAL"] = "7";
        _env["WCA_TEST_ENV"] = "prod";
        var runner = (FakeRunner)Load("""
            runner: !FakeRunner
              node: !FakeNode {tasks: ["${WCA_TEST_ENV}-a", '$${literal}']}
              interval: ${WCA_TEST_INTERVAL}
              extra_labels:
                env: ${WCA_TEST_ENV}
                host: !Env WCA_TEST_ENV
                unset: !Env WCA_TEST_UNSET
                region: ${WCA_TEST_REGION:-eu}
            """).Runner;
        Assert.Equal(7.0, runner.Interval);
        Assert.Equal(["prod-a", "${literal}"], ((FakeNode)runner.Node).Tasks);
        Assert.Equal("prod", runner.ExtraLabels!["env"]);
        Assert.Equal("prod", runner.ExtraLabels["host"]);
        Assert.Equal("", runner.ExtraLabels["unset"]);
        Assert.Equal("eu", runner.ExtraLabels["region"]);
    }

    [Fact]
    public void MissingEnvironmentVariableIsNamed()
    {
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  interval: ${WCA_TEST_MISSING}\n");
        AssertAt(e, e.File!, "runner.interval", 3, 13);
        Assert.Contains("environment variable 'WCA_TEST_MISSING' is not set", e.Message);
    }

    [Fact]
    public void UnknownTagListsTheRegisteredTagsAndSuggestsTheClosest()
    {
        var file = _dir.Write("config.yaml", "runner: !FakeRunner\n  node: !FakeNod\n    tasks: []\n");
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(file, _registry, _services));
        AssertAt(e, file, "runner.node", 2, 9);
        Assert.Contains("unknown tag '!FakeNod' (did you mean '!FakeNode'?)", e.Message);
        Assert.Contains("Registered tags: !FakeNode, !FakeRunner, !FakeStorage, !HoldingRunner, !KitchenSink, !MeasurementRunner, !NeedsName, !ThrowingComponent", e.Message);
    }

    [Fact]
    public void ForeignYamlTagsAreRejected()
    {
        var e = Fails("runner: !!python/object:wca.runners.MeasurementRunner {}\n");
        AssertAt(e, e.File!, "runner", 1, 9);
        Assert.Contains("unsupported tag 'tag:yaml.org,2002:python/object:wca.runners.MeasurementRunner'", e.Message);
    }

    [Fact]
    public void StandardTagsForceTheScalarType()
    {
        Assert.Equal("123", Sink("    name: !!str 123\n").Name);
        var e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    count: !!str 5\n");
        Assert.Contains("expected an integer, found '5' (a string)", e.Message);
    }

    [Fact]
    public void UnknownKeyListsTheValidKeysAndSuggestsTheClosest()
    {
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  intervl: 3\n");
        AssertAt(e, e.File!, "runner.intervl", 3, 3);
        Assert.Contains("unknown key 'intervl' for !FakeRunner (did you mean 'interval'?)", e.Message);
        Assert.Contains("Valid keys: node, metrics_storage, anomalies_storage, storages, storages_by_name, interval (action_delay), extra_labels", e.Message);
    }

    [Fact]
    public void MissingRequiredKeyNamesWhatIsExpected()
    {
        var e = Fails("runner: !FakeRunner\n  interval: 3\n");
        AssertAt(e, e.File!, "runner", 1, 9);
        Assert.Contains("missing required key 'node' of !FakeRunner: expected a tagged INode component (!FakeNode)", e.Message);
        e = Fails("runner: !HoldingRunner\n  payload: !NeedsName {}\n");
        Assert.Contains("missing required key 'name' of !NeedsName", e.Message);
    }

    [Fact]
    public void WrongTypeSaysWhatWasExpectedAndFound()
    {
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  interval: fast\n");
        AssertAt(e, e.File!, "runner.interval", 3, 13);
        Assert.Contains("expected a number, found 'fast' (a string)", e.Message);

        e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: x}\n");
        AssertAt(e, e.File!, "runner.node.tasks", 2, 27);
        Assert.Contains("expected a list (each item a string), found 'x' (a string)", e.Message);
    }

    [Fact]
    public void InterfaceNeedsATagOfAnImplementingType()
    {
        var e = Fails("runner: !FakeRunner\n  node: {tasks: []}\n");
        AssertAt(e, e.File!, "runner.node", 2, 9);
        Assert.Contains("expected a tagged INode component (!FakeNode), found a mapping with keys tasks", e.Message);

        e = Fails("runner: !FakeRunner\n  node: !FakeStorage {}\n");
        Assert.Contains("found !FakeStorage (a FakeStorage, which is not an INode)", e.Message);

        e = Fails("runner: !FakeNode {tasks: []}\n");
        AssertAt(e, e.File!, "runner", 1, 9);
        Assert.Contains("expected a tagged IRunner component (!FakeRunner, !HoldingRunner, !MeasurementRunner), found !FakeNode", e.Message);
    }

    [Fact]
    public void OutOfRangeValueShowsTheAllowedRange()
    {
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  interval: 61\n");
        AssertAt(e, e.File!, "runner.interval", 3, 13);
        Assert.EndsWith("at 'runner.interval': Maximum value is 60. Got 61.", e.Message);

        e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: [], endpoint: 'ftp://x'}\n");
        AssertAt(e, e.File!, "runner.node.endpoint", 2, 41);
        Assert.Contains("Use one of supported schemes: http, https", e.Message);
    }

    [Fact]
    public void ValidationReachesListItemsAndMapKeysAndValues()
    {
        var e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    brokers: ['127.0.0.1:9092', 'kafka:99999']\n");
        AssertAt(e, e.File!, "runner.payload.brokers[1]", 4, 33);
        Assert.Contains("expected host:port, found 'kafka:99999': Given str: '99999' is not valid port value", e.Message);

        e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    limits: {cpu: 1, memory: 2}\n");
        AssertAt(e, e.File!, "runner.payload.limits.memory", 4, 22);
        Assert.Contains("Max allowed length is 5. Got 6.", e.Message);

        e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  extra_labels: {app: '123456789'}\n");
        AssertAt(e, e.File!, "runner.extra_labels.app", 3, 23);

        e = Fails("runner: !HoldingRunner\n  payload: !KitchenSink\n    name: x\n    shares: [0.5, 2]\n");
        AssertAt(e, e.File!, "runner.payload.shares[1]", 4, 19);
        Assert.Contains("Maximum value is 1. Got 2.", e.Message);
        Assert.Equal(0.25, Sink("    name: x\n    shares: [0.25]\n").Shares![0].First);
    }

    [Fact]
    public void ConstructorExceptionsAreReportedAtTheComponentOrTheBlamedKey()
    {
        var e = Fails("runner: !HoldingRunner\n  payload: !ThrowingComponent\n    size: -1\n");
        AssertAt(e, e.File!, "runner.payload.size", 3, 11);
        Assert.Contains("!ThrowingComponent rejected 'size'", e.Message);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);

        e = Fails("runner: !HoldingRunner\n  payload: !ThrowingComponent\n    explode: true\n");
        AssertAt(e, e.File!, "runner.payload", 2, 12);
        Assert.Contains("!ThrowingComponent cannot be created: InvalidOperationException: boom: cannot start", e.Message);
    }

    [Fact]
    public void EveryProblemOfTheFileIsReportedAtOnceFirstOneFirst()
    {
        var e = Fails("""
            runner: !FakeRunner
              node: !FakeNode
                tasks: [a]
                timeout: 0
                endpoint: localhost
              intervl: 3
              storages: [!FakeStorage {overwrite: maybe}]
            """);
        AssertAt(e, e.File!, "runner.node.timeout", 4, 14);
        var lines = e.Message.Split('\n');
        Assert.Contains("Minimum value is 1. Got 0.", lines[0]);
        Assert.Equal("3 more problem(s):", lines[1]);
        Assert.Contains("line 5, column 15, at 'runner.node.endpoint'", lines[2]);
        Assert.Contains("line 6, column 3, at 'runner.intervl': unknown key 'intervl'", lines[3]);
        Assert.Contains("line 7, column 39, at 'runner.storages[0].overwrite': expected true or false, found 'maybe' (a string)", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void MissingKeysOfSeveralComponentsAreAllReported()
    {
        var e = Fails("runner: !FakeRunner\n  metrics_storage: !FakeStorage {}\n  storages: [!HoldingRunner {}]\n");
        Assert.Contains("expected a tagged IStorage component (!FakeStorage), found !HoldingRunner", e.Message);
        Assert.Contains("missing required key 'node' of !FakeRunner", e.Message);
    }

    [Fact]
    public void UndefinedAliasIsReportedWhereItIsUsed()
    {
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  metrics_storage: *store\n");
        Assert.Equal((3, 20), (e.Line, e.Column));
        Assert.Contains("undefined alias '*store'", e.Message);
    }

    [Fact]
    public void MalformedYamlCarriesTheParserPosition()
    {
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n interval: 5\n");
        Assert.Contains("malformed YAML", e.Message);
        Assert.Equal(3, e.Line);
        Assert.Contains(e.File!, e.Message);

        e = Fails("runner: !FakeRunner\n  node: [1,\n  interval: 5\n");
        Assert.Contains("malformed YAML", e.Message);
        Assert.True(e.Line >= 2, e.Message);
    }

    [Fact]
    public void DuplicateKeysAreRejected()
    {
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  interval: 1\n  interval: 2\n");
        Assert.Equal((4, 3), (e.Line, e.Column));
        Assert.Contains("duplicate key 'interval' (first given at line 3, column 3)", e.Message);
    }

    [Fact]
    public void MergeKeysCopyTheAnchoredMapping()
    {
        var payload = (List<object?>)((HoldingRunner)Load("""
            runner: !HoldingRunner
              payload:
                - &base {tasks: [a], timeout: 9}
                - !FakeNode
                  <<: *base
                  timeout: 3
            """).Runner).Payload!;
        var node = Assert.IsType<FakeNode>(payload[1]);
        Assert.Equal(["a"], node.Tasks);
        Assert.Equal(3, node.Timeout);
    }

    [Fact]
    public void MissingFileEmptyFileAndDirectoryAreConfigurationErrors()
    {
        var missing = Path.Combine(_dir.Path, "missing.yaml");
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(missing, _registry, _services));
        Assert.Equal(missing, e.File);
        Assert.Contains($"{missing}: cannot find configuration file", e.Message);

        e = Fails("# only a comment\n");
        Assert.Contains("the file is empty: expected a mapping with 'runner'", e.Message);

        e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(_dir.Path, _registry, _services));
        Assert.Contains("is a directory", e.Message);
    }

    [Fact]
    public void TopLevelAcceptsOnlyRunnerAndLoggers()
    {
        var e = Fails("runner: !HoldingRunner {}\nloger: {wca: debug}\n");
        AssertAt(e, e.File!, "loger", 2, 1);
        Assert.Contains("unknown top-level key 'loger' (did you mean 'loggers'?). Valid keys: loggers, runner", e.Message);

        e = Fails("loggers: {wca: debug}\n");
        Assert.Contains("missing required key 'runner': expected a tagged IRunner component", e.Message);

        e = Fails("- runner\n");
        Assert.Contains("expected a mapping with 'runner' (and optionally 'loggers') at the top of the file, found a list of 1 item", e.Message);
    }

    [Fact]
    public void LoggersMapModulesToLevels()
    {
        var config = Load("loggers:\n  wca: debug\n  wca.storage: TRACE\n  '': warning\nrunner: !HoldingRunner\n");
        Assert.Equal(new Dictionary<string, string> { ["wca"] = "debug", ["wca.storage"] = "TRACE", [""] = "warning" }, config.Loggers);
        Assert.IsType<HoldingRunner>(config.Runner);

        var e = Fails("loggers:\n  wca: verbose\nrunner: !HoldingRunner\n");
        AssertAt(e, e.File!, "loggers.wca", 2, 8);
        Assert.Contains("expected a log level (CRITICAL, FATAL, ERROR, WARNING, WARN, INFO, DEBUG, TRACE), found 'verbose'", e.Message);
    }

    [Fact]
    public void FailedLoadDisposesTheComponentsAlreadyBuilt()
    {
        _registry.Register(typeof(TrackedStorage));
        var e = Fails("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  metrics_storage: !TrackedStorage {}\n  interval: 99\n");
        Assert.Contains("Maximum value is 60", e.Message);
        Assert.True(Assert.Single(TrackedStorage.Created).Disposed);

        var config = Load("runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  metrics_storage: !TrackedStorage {}\n");
        Assert.False(Assert.IsType<TrackedStorage>(((FakeRunner)config.Runner).MetricsStorage).Disposed);
    }

    [Fact]
    public void TaggedScalarBuildsAComponentWithDefaults()
    {
        var config = Load("runner: !HoldingRunner\n  payload: !ThrowingComponent\n");
        Assert.Equal(1, Assert.IsType<ThrowingComponent>(((HoldingRunner)config.Runner).Payload).Size);
        var e = Fails("runner: !HoldingRunner\n  payload: !ThrowingComponent [1]\n");
        Assert.Contains("expected a mapping of !ThrowingComponent's keys (size, explode), found a list of 1 item tagged !ThrowingComponent", e.Message);
    }

    [Fact]
    public void DefaultConfigStructureFailsOnlyOnComponentsNotRegisteredHere()
    {
        const string defaultStyle = """
            # wca-dotnet embedded default
            runner: !MeasurementRunner
              node: !CgroupNode
                patterns:
                  - system.slice/*.service
                  - docker/*
                  - kubepods*/**/pod*
                  - wca-demo/*
                require_pids: true
              metrics_storage: !LogStorage {}
              interval: 5.0
            """;
        var registry = new ComponentRegistry();
        registry.Register(typeof(MeasurementRunner));
        var file = _dir.Write("config.yaml", defaultStyle);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(file, registry, _services));
        AssertAt(e, file, "runner.node", 3, 9);
        Assert.Contains("unknown tag '!CgroupNode'", e.Message);
        Assert.Contains("Registered tags: !MeasurementRunner", e.Message);

        registry.Register(typeof(CgroupNodeStandIn), "CgroupNode");
        e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(file, registry, _services));
        AssertAt(e, file, "runner.metrics_storage", 10, 20);
        Assert.Contains("unknown tag '!LogStorage'", e.Message);

        registry.Register(typeof(FakeStorage), "LogStorage");
        var config = ConfigurationLoader.Load(file, registry, _services);
        var runner = Assert.IsType<MeasurementRunner>(config.Runner);
        Assert.Equal(TimeSpan.FromSeconds(5), runner.Interval);
        Assert.True(Assert.IsType<CgroupNodeStandIn>(runner.Node).RequirePids);
        Assert.IsType<FakeStorage>(runner.MetricsStorage);
        Assert.Equal(3, config.Components.Count);
    }
}

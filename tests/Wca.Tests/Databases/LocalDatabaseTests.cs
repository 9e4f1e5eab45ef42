using Wca.Api.Databases;
using Wca.Databases;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Tests.Configuration;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Databases;

public sealed class LocalDatabaseTests : KeyValueDatabaseContract, IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly LocalDatabase _database;

    public LocalDatabaseTests() => _database = new LocalDatabase(_dir.File("db"));

    protected override IKeyValueDatabase Database => _database;

    public void Dispose() => _dir.Dispose();

    private object Load(string yaml)
    {
        var registry = BuiltInComponents.CreateRegistry();
        registry.Register(typeof(HoldingRunner));
        var config = ConfigurationLoader.Load(_dir.Write("config.yaml", "runner: !HoldingRunner\n  payload: " + yaml), registry, AgentServices.ForTests(), _ => null);
        return ((HoldingRunner)config.Runner).Payload!;
    }

    [Fact]
    public void An_existing_directory_is_reused_with_its_values()
    {
        _database.Set("kept"u8, "value"u8);
        var again = Assert.IsType<LocalDatabase>(Load($"!LocalDatabase\n    directory: '{_dir.File("db")}'\n"));
        Assert.Equal("value"u8.ToArray(), again.Get("kept"u8));
    }

    [Fact]
    public void Missing_parent_directories_are_created_at_the_first_write_not_at_load()
    {
        var database = Assert.IsType<LocalDatabase>(Load($"!LocalDatabase\n    directory: '{_dir.File("a/b/c")}'\n"));
        Assert.False(Directory.Exists(_dir.File("a")));
        Assert.Null(database.Get("k"u8));
        Assert.False(Directory.Exists(_dir.File("a")));
        database.Set("k"u8, "v"u8);
        Assert.Equal("v"u8.ToArray(), File.ReadAllBytes(_dir.File("a/b/c/k")));
    }

    [Fact]
    public void A_file_as_directory_is_a_configuration_error_naming_the_key()
    {
        var file = _dir.Write("plain", "x");
        var e = Assert.Throws<ConfigurationException>(() => Load($"!LocalDatabase\n    directory: '{file}'\n"));
        Assert.Contains("directory", e.Message, StringComparison.Ordinal);
        Assert.Contains("is a file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_leaves_no_temporary_file_and_the_value_is_the_files_whole_content()
    {
        _database.Set("atomic"u8, new byte[10_000]);
        _database.Set("atomic"u8, "short"u8);
        Assert.Equal(["atomic", "~lock"], Directory.GetFiles(_database.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("short"u8.ToArray(), File.ReadAllBytes(Path.Join(_database.Directory, "atomic")));
    }

    [Fact]
    public void A_reader_never_sees_half_a_value_while_a_writer_replaces_it()
    {
        var small = new byte[10];
        var big = Enumerable.Repeat((byte)7, 1_000_000).ToArray();
        _database.Set("racy"u8, small);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 200; i++) _database.Set("racy"u8, i % 2 == 0 ? big : small);
        });
        var seen = new HashSet<int>();
        while (!writer.IsCompleted)
        {
            var value = _database.Get("racy"u8)!;
            Assert.True(value.Length == small.Length || value.Length == big.Length, $"read {value.Length} bytes");
            seen.Add(value.Length);
        }
        writer.GetAwaiter().GetResult();
        Assert.Contains(small.Length, seen);
    }

    [Fact]
    public void An_unwritable_value_path_makes_set_throw_the_documented_exception()
    {
        _database.Set("k"u8, "v"u8);
        // A directory where the value's file should be: no rename can replace it (root ignores file modes).
        Directory.CreateDirectory(Path.Join(_database.Directory, "blocked"));
        var e = Assert.Throws<DatabaseUnavailableException>(() => _database.Set("blocked"u8, "v"u8));
        Assert.Contains("LocalDatabase: cannot write", e.Message, StringComparison.Ordinal);
    }
}

using System.Text;
using Wca.Api.Databases;

namespace Wca.Tests.Databases;

/// <summary>
/// What every <see cref="IKeyValueDatabase"/> does, run against each real backend by a derived class. Keys carry a
/// per-instance prefix so the tests of one class can share a server.
/// </summary>
public abstract class KeyValueDatabaseContract
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12] + ".";

    protected abstract IKeyValueDatabase Database { get; }

    protected byte[] Key(string name) => Encoding.ASCII.GetBytes(_prefix + name);

    [Fact]
    public void A_missing_key_is_null_a_set_key_reads_back_and_an_overwrite_replaces_it()
    {
        var key = Key("value");
        Assert.Null(Database.Get(key));
        Database.Set(key, "first"u8);
        Assert.Equal("first"u8.ToArray(), Database.Get(key));
        Database.Set(key, "second, longer value"u8);
        Assert.Equal("second, longer value"u8.ToArray(), Database.Get(key));
        Database.Set(key, "x"u8);
        Assert.Equal("x"u8.ToArray(), Database.Get(key));
    }

    [Fact]
    public void Values_are_any_bytes_including_empty_and_zero_bytes()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Database.Set(Key("binary"), all);
        Assert.Equal(all, Assert.IsType<byte[]>(Database.Get(Key("binary"))));

        Database.Set(Key("empty"), ReadOnlySpan<byte>.Empty);
        Assert.Empty(Assert.IsType<byte[]>(Database.Get(Key("empty"))));

        var large = new byte[200_000];
        new Random(7).NextBytes(large);
        Database.Set(Key("large"), large);
        Assert.Equal(large, Assert.IsType<byte[]>(Database.Get(Key("large"))));
    }

    [Fact]
    public void Every_allowed_key_byte_works_and_the_longest_key_too()
    {
        var key = Key("AZaz09._-");
        Database.Set(key, "v"u8);
        Assert.Equal("v"u8.ToArray(), Database.Get(key));

        var longest = Encoding.ASCII.GetBytes(_prefix + new string('k', DatabaseKey.MaxLength - _prefix.Length));
        Assert.Equal(DatabaseKey.MaxLength, longest.Length);
        Database.Set(longest, "long"u8);
        Assert.Equal("long"u8.ToArray(), Database.Get(longest));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/b", "byte 1 (0x2f)")]
    [InlineData("a b", "byte 1 (0x20)")]
    [InlineData("zażółć", "byte 2 (0xc5)")]
    [InlineData(".", "'.' and '..'")]
    [InlineData("..", "'.' and '..'")]
    public void A_key_breaking_a_rule_is_refused_naming_the_rule(string key, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => Database.Set(bytes, "v"u8)).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => Database.Get(bytes)).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => Database.Delete(bytes)).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => Database.CompareAndSet(bytes, null, "v"u8)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_256_bytes_is_refused_with_the_originals_text()
    {
        var key = new byte[256];
        key.AsSpan().Fill((byte)'k');
        var e = Assert.Throws<ArgumentException>(() => Database.Set(key, "v"u8));
        Assert.Contains("Max key length is 255 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_removes_a_key_and_says_whether_it_was_there()
    {
        var key = Key("gone");
        Assert.False(Database.Delete(key));
        Database.Set(key, "v"u8);
        Assert.True(Database.Delete(key));
        Assert.Null(Database.Get(key));
        Assert.False(Database.Delete(key));
    }

    [Fact]
    public void Compare_and_set_stores_only_over_the_expected_value()
    {
        var key = Key("cas");
        Assert.True(Database.CompareAndSet(key, null, "one"u8));
        Assert.False(Database.CompareAndSet(key, null, "again"u8));
        Assert.Equal("one"u8.ToArray(), Database.Get(key));

        Assert.False(Database.CompareAndSet(key, "wrong"u8.ToArray(), "two"u8));
        Assert.True(Database.CompareAndSet(key, "one"u8.ToArray(), "two"u8));
        Assert.Equal("two"u8.ToArray(), Database.Get(key));

        Database.Delete(key);
        Assert.False(Database.CompareAndSet(key, "two"u8.ToArray(), "three"u8));
        Assert.Null(Database.Get(key));
    }

    [Fact]
    public void Compare_and_set_from_many_threads_loses_no_increment()
    {
        var key = Key("counter");
        Database.Set(key, "0"u8);
        const int Threads = 4, Increments = 10;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (var i = 0; i < Increments; i++)
            {
                while (true)
                {
                    var current = Database.Get(key)!;
                    var next = Encoding.ASCII.GetBytes((int.Parse(Encoding.ASCII.GetString(current)) + 1).ToString());
                    if (Database.CompareAndSet(key, current, next)) break;
                }
            }
        });
        Assert.Equal(Threads * Increments, int.Parse(Encoding.ASCII.GetString(Database.Get(key)!)));
    }

    [Fact]
    public void A_cancelled_token_cancels_the_call()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Database.Get(Key("c"), cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Database.Set(Key("c"), "v"u8, cancelled.Token));
        Assert.Null(Database.Get(Key("c")));
    }
}

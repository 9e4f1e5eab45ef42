using System.Text;
using Wca.Api.Wrapper;

namespace Wca.Tests.Wrapper;

public sealed class WorkloadOutputReaderTests
{
    private static (List<string?> Lines, string Echo) ReadAll(byte[] input, string? endMarker = null, int chunk = int.MaxValue)
    {
        var echo = new MemoryStream();
        using var reader = new WorkloadOutputReader(new ChunkedStream(input, chunk), echo);
        var lines = new List<string?>();
        while (true)
        {
            var line = endMarker is null ? reader.ReadLine() : reader.ReadLine(endMarker);
            lines.Add(line);
            if (line is null) break;
        }
        reader.FlushEcho();
        return (lines, Encoding.UTF8.GetString(echo.ToArray()));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public void Universal_newlines_end_lines_and_are_delivered_as_one_newline(int chunk)
    {
        var (lines, echo) = ReadAll("a=1\nb=2\r\nc=3\rd=4"u8.ToArray(), chunk: chunk);
        Assert.Equal(["a=1\n", "b=2\n", "c=3\n", "d=4", null], lines);
        Assert.Equal("a=1\nb=2\nc=3\nd=4", echo);
    }

    [Fact]
    public void A_trailing_carriage_return_ends_the_last_line()
    {
        var (lines, _) = ReadAll("x\r"u8.ToArray(), chunk: 1);
        Assert.Equal(["x\n", null], lines);
    }

    [Fact]
    public void The_end_marker_matches_the_raw_line_including_its_terminator_and_the_real_end_always_ends()
    {
        Assert.Equal(["a\n", "Stop\n", null], ReadAll("a\nStop\n"u8.ToArray(), "Stop").Lines);
        Assert.Equal(["a\n", null], ReadAll("a\nStop"u8.ToArray(), "Stop").Lines);
        Assert.Equal([null], ReadAll([], "Stop").Lines);
    }

    [Fact]
    public void Invalid_utf8_becomes_a_replacement_character_and_the_echo_keeps_the_bytes()
    {
        var echo = new MemoryStream();
        using var reader = new WorkloadOutputReader(new MemoryStream([(byte)'a', 0xff, (byte)'\n']), echo);
        Assert.Equal("a\uFFFD\n", reader.ReadLine());
        reader.FlushEcho();
        Assert.Equal(new byte[] { (byte)'a', 0xff, (byte)'\n' }, echo.ToArray());
    }

    [Fact]
    public void A_line_longer_than_the_limit_comes_in_pieces()
    {
        var input = new byte[WorkloadOutputReader.MaxLineBytes + 10];
        input.AsSpan().Fill((byte)'x');
        input[^1] = (byte)'\n';
        var (lines, _) = ReadAll(input, chunk: 100_000);
        Assert.Equal(WorkloadOutputReader.MaxLineBytes, lines[0]!.Length);
        Assert.Equal("xxxxxxxxx\n", lines[1]);
        Assert.Null(lines[2]);
    }

    /// <summary>A stream that returns at most <c>chunk</c> bytes per read, as a pipe does.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}

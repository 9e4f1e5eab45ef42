using System.Text;

namespace Wca.Api.Databases;

/// <summary>
/// The key rules every <see cref="IKeyValueDatabase"/> applies (the original's): 1 to 255 bytes, each one of
/// <c>A-Z a-z 0-9 . _ -</c>. Unlike the original, <c>.</c> and <c>..</c> alone are refused too: they name directories
/// on a local database and are invalid ZooKeeper node names.
/// </summary>
public static class DatabaseKey
{
    /// <summary>Longest key, in bytes.</summary>
    public const int MaxLength = 255;

    /// <summary>Throws <see cref="ArgumentException"/> naming the broken rule, or returns.</summary>
    /// <exception cref="ArgumentException">The key is empty, longer than 255 bytes, holds another byte, or is . or ..</exception>
    public static void Validate(ReadOnlySpan<byte> key)
    {
        if (Problem(key) is { } problem) throw new ArgumentException($"invalid database key {Display(key)}: {problem}", nameof(key));
    }

    /// <summary>What is wrong with <paramref name="key"/>, or null when it is valid.</summary>
    public static string? Problem(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty) return "a key is 1 to 255 bytes, this one is empty";
        if (key.Length > MaxLength) return $"Max key length is {MaxLength} bytes, this one is {key.Length}";
        for (var i = 0; i < key.Length; i++)
        {
            var b = key[i];
            if (!IsAllowed(b)) return $"byte {i} (0x{b:x2}) is not one of A-Z a-z 0-9 . _ -";
        }
        if (key.SequenceEqual("."u8) || key.SequenceEqual(".."u8)) return "'.' and '..' are not keys";
        return null;
    }

    /// <summary>The key as the original printed it, a Python byte literal (<c>b'key'</c>), escaping what is not printable.</summary>
    public static string Display(ReadOnlySpan<byte> key)
    {
        var text = new StringBuilder("b'", key.Length + 3);
        foreach (var b in key.Length > MaxLength + 1 ? key[..(MaxLength + 1)] : key)
        {
            if (b is (byte)'\\' or (byte)'\'') text.Append('\\').Append((char)b);
            else if (b is >= 0x20 and < 0x7f) text.Append((char)b);
            else text.Append($"\\x{b:x2}");
        }
        if (key.Length > MaxLength + 1) text.Append("...");
        return text.Append('\'').ToString();
    }

    private static bool IsAllowed(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'_' or (byte)'-';
}

namespace Wca.Api.Wrapper;

/// <summary>
/// The workload's chosen output stream (its stdout, or its stderr with <c>--stderr 1</c>), line by line: the original's
/// <c>readline_with_check</c>. Every line read is echoed to the wrapper's stdout exactly as returned before the call
/// returns, so the workload's output stays in the job log; a parser that reads through this reader never has to echo.
/// </summary>
/// <remarks>
/// Lines are decoded as UTF-8 (an invalid byte becomes U+FFFD instead of ending the wrapper) with universal newlines:
/// <c>\n</c>, <c>\r\n</c> and a lone <c>\r</c> each end a line, which is returned ending in a single <c>\n</c>. A last
/// line without a terminator is returned as it is (no <c>\n</c> added). Calls block until a whole line (or the end of the
/// stream) arrives. Not thread-safe: the wrapper calls its parser from one thread.
/// </remarks>
public interface IWorkloadOutput
{
    /// <summary>The next line including its <c>\n</c> (if it had a terminator), echoed; null at the end of the stream.</summary>
    string? ReadLine();

    /// <summary>
    /// The next line as <see cref="ReadLine()"/>, or null also when the line equals <paramref name="endMarker"/>
    /// exactly, terminator included (as the original compares, so <c>"Stop-Mutilate-Now"</c> matches only as the very
    /// last output without a newline). Unlike the original, the real end of the stream always ends too (never a busy loop).
    /// </summary>
    /// <param name="endMarker">The raw line (with its <c>\n</c>, if any) that ends the workload's output.</param>
    string? ReadLine(string endMarker);

    /// <summary>Lines returned so far (echoed ones, the end marker included).</summary>
    long LinesRead { get; }
}

using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Wrapper;

/// <summary>
/// The wrapper as a library, for a workload whose output no built-in parser reads (wrapper.md §11: a new parser module
/// with its own entry point reuses the whole wrapper). A small executable of your own references wca-wrapper and
/// hands over its parser; the command line, the child process, the echo, SLI/SLO/load, labels and storages are the
/// wrapper's, and so is every built-in parser (<c>--parser NAME</c> still chooses one of them).
/// <code>
/// public static class Program
/// {
///     public static int Main(string[] args) => WorkloadWrapper.Run(args, "my_workload", () => new MyWorkloadParser());
/// }
/// </code>
/// </summary>
public static class WorkloadWrapper
{
    /// <summary>Runs the wrapper with <paramref name="createParser"/> as its default parser; returns the exit status.</summary>
    /// <param name="args">The command line (the original's options, §3).</param>
    /// <param name="name">The parser's <c>--parser</c> name; <c>NAME_wrapper</c> is its launcher name.</param>
    /// <param name="createParser">Makes the parser (one instance per run).</param>
    /// <param name="description">One line for <c>--help</c>.</param>
    public static int Run(string[] args, string name, Func<IWorkloadParser> createParser, string? description = null) =>
        new WrapperApplication { Parsers = ParsersWith(name, createParser, description) }
            .Run(args, Path.GetFileName(Environment.GetCommandLineArgs()[0]));

    /// <summary>The built-in parsers after <paramref name="name"/>'s, which is the default.</summary>
    internal static IReadOnlyList<WorkloadParserEntry> ParsersWith(string name, Func<IWorkloadParser> createParser, string? description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(createParser);
        if (BuiltInWorkloadParsers.All.Any(p => p.Name == name || p.LauncherName == name))
            throw new ArgumentException($"'{name}' is the name of a built-in parser", nameof(name));
        return [new WorkloadParserEntry(name, name + "_wrapper", createParser, description ?? "a parser of this executable"), .. BuiltInWorkloadParsers.All];
    }
}

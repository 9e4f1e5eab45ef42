using Wca.Api.Wrapper;

namespace Wca.Wrapper;

/// <summary>
/// One parser the wrapper can run: its <c>--parser</c> name, the original's launcher name that selects it
/// (<c>specjbb_wrapper</c>; <c>wrapper</c> for the default parser), a factory (one instance per run) and a line for
/// <c>--help</c>. A factory instead of a type: no reflection, Native AOT keeps what it needs.
/// </summary>
internal sealed record WorkloadParserEntry(string Name, string LauncherName, Func<IWorkloadParser> Create, string Description);

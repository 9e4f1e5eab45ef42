namespace Wca.Wrapper;

/// <summary>wca-wrapper: runs a workload, turns its output into APMs and stores them (wrapper.md).</summary>
internal static class Program
{
    private static int Main(string[] args) => WrapperApplication.Run(args, Environment.GetCommandLineArgs()[0]);
}

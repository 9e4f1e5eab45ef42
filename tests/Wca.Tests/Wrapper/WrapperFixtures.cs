using Wca.Tests.TestSupport;

namespace Wca.Tests.Wrapper;

/// <summary>The reference's recorded wrapper inputs and outputs (shared/reference/fixtures/wrapper).</summary>
internal static class WrapperFixtures
{
    public static string Directory { get; } = FindDirectory();

    public static string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>The built wca-wrapper.dll (run with dotnet).</summary>
    public static string WrapperDll => System.IO.Path.Combine(RepoLayout.Root, "src/Wca.Wrapper/bin", RepoLayout.Configuration, "net10.0/wca-wrapper.dll");

    private static string FindDirectory() =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoLayout.Root, "..", "shared", "reference", "fixtures", "wrapper"));
}

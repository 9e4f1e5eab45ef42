namespace Wca.Tests.TestSupport;

/// <summary>Where the built agent and the built examples plugin are, for the configuration the tests were built in.</summary>
internal static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the folder above net10.0 of the test assembly.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    public static string WcaDll => Path.Combine(Root, "src/Wca/bin", Configuration, "net10.0/wca.dll");

    public static string ExamplesDirectory => Path.Combine(Root, "examples/Wca.Examples/bin", Configuration, "net10.0");

    public static string ExamplesDll => Path.Combine(ExamplesDirectory, "Wca.Examples.dll");

    public static string HelloWorldConfig => Path.Combine(Root, "configs/extending/hello_world.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wca.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Wca.slnx not found above " + AppContext.BaseDirectory);
    }
}

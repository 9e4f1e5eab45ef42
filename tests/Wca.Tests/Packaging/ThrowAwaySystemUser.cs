using System.Diagnostics;
using System.Globalization;

namespace Wca.Tests.Packaging;

/// <summary>A system user and its group (useradd --system --user-group) under a unique name, deleted on dispose.</summary>
internal sealed class ThrowAwaySystemUser : IDisposable
{
    private ThrowAwaySystemUser(string name)
    {
        Name = name;
        Run("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name);
        var fields = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).First(f => f[0] == name);
        Uid = int.Parse(fields[2], CultureInfo.InvariantCulture);
        Gid = int.Parse(fields[3], CultureInfo.InvariantCulture);
    }

    public static ThrowAwaySystemUser Create() => new($"wcat{Guid.NewGuid():N}"[..16]);

    public string Name { get; }
    public int Uid { get; }
    public int Gid { get; }

    public void Dispose() => Run("userdel", Name);

    public static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {stderr.Result}");
    }
}

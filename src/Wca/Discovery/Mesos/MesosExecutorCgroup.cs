namespace Wca.Discovery.Mesos;

/// <summary>
/// The cgroup of a Mesos executor, from <c>/proc/&lt;pid&gt;/cgroup</c>: the path of the first line whose controller
/// list holds <c>cpu</c> (cgroup v1, e.g. <c>4:cpu,cpuacct:/mesos/ceab3bec-...</c>), else the cgroup v2 line
/// (<c>0::/...</c>). The same path serves every hierarchy the agent measures.
/// </summary>
internal static class MesosExecutorCgroup
{
    /// <summary>The cgroup path (with its leading '/'), or null with why (the executor exited, no cpu hierarchy ...).</summary>
    public static string? Find(string procRoot, int pid, out string? problem)
    {
        var file = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "cgroup");
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The executor exited between Mesos's answer and this read (a task being killed): not an error.
            problem = $"no process {pid}: {file} does not exist";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{file}: {e.Message}";
            return null;
        }
        string? unified = null;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty) continue;
            var first = line.IndexOf(':');
            var second = first < 0 ? -1 : line[(first + 1)..].IndexOf(':');
            if (second < 0) continue;
            var controllers = line.Slice(first + 1, second);
            var path = line[(first + second + 2)..];
            if (controllers.IsEmpty && line[..first] is "0")
            {
                unified ??= path.ToString();
                continue;
            }
            foreach (var range in controllers.Split(','))
                if (controllers[range] is "cpu") return Normalize(path.ToString(), out problem);
        }
        if (unified is not null) return Normalize(unified, out problem);
        problem = $"{file} names no cpu cgroup";
        return null;
    }

    private static string? Normalize(string path, out string? problem)
    {
        // "(deleted)": the cgroup was removed while the process lingers; "/" : not in a Mesos container.
        if (path.EndsWith(" (deleted)", StringComparison.Ordinal) || path is "/" or "")
        {
            problem = $"the executor's cgroup is '{path}'";
            return null;
        }
        problem = null;
        return path.StartsWith('/') ? path : "/" + path;
    }
}

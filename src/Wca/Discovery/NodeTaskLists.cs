using Wca.Api;

namespace Wca.Discovery;

internal static class NodeTaskLists
{
    /// <summary>Same task instances in the same order: the node can hand back its previous list unchanged.</summary>
    public static bool Same(List<NodeTask> now, NodeTask[] last)
    {
        if (now.Count != last.Length) return false;
        for (var i = 0; i < last.Length; i++)
            if (!ReferenceEquals(now[i], last[i])) return false;
        return true;
    }
}

using Microsoft.Extensions.Logging;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Configuration.Yaml;
using Wca.Host.Logging;

namespace Wca.Decision.Static;

/// <summary>
/// The rules file of a StaticAllocator: read again when its size, modification time or inode changes (one stat per
/// iteration, no read while it stays the same); a missing, unreadable or invalid file keeps the last good rules and
/// is logged once per distinct problem.
/// </summary>
public sealed partial class StaticAllocator
{
    private sealed class StaticRulesFile(string path, AgentServices services, ILogger log)
    {
        private static readonly ValueSpec RulesSpec = ValueSpec.For(typeof(IReadOnlyList<StaticAllocatorRule>), null);
        private readonly FailureLatch _problem = new();
        private IReadOnlyList<StaticAllocatorRule> _rules = [];
        private (long Length, DateTime Modified, ulong Inode)? _seen;

        public IReadOnlyList<StaticAllocatorRule> Current()
        {
            (long, DateTime, ulong)? stamp = null;
            try
            {
                var info = new FileInfo(path);
                if (info.Exists) stamp = (info.Length, info.LastWriteTimeUtc, Inode());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail($"cannot read '{path}': {e.Message}");
                return _rules;
            }
            if (stamp is null)
            {
                Fail($"cannot find config file '{path}'");
                _seen = null;
                return _rules;
            }
            if (stamp == _seen) return _rules;
            _seen = stamp;
            try
            {
                var text = ConfigurationText.Read(path);
                var root = YamlTreeReader.Read(text, path)
                    ?? throw new ConfigurationException($"{path}: the rules file is empty: expected a list of rules");
                var binder = new ConfigurationBinder(path, BuiltInComponents.CreateRegistry(), services, Environment.GetEnvironmentVariable);
                var rules = binder.BindRoot(root, RulesSpec, "") as IReadOnlyList<StaticAllocatorRule> ?? [];
                _rules = rules;
                _problem.Clear();
                Log.RulesFileRead(log, rules.Count, path);
            }
            catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
            {
                Fail(e.Message);
            }
            return _rules;
        }

        private ulong Inode() => Wca.Storage.FileIdentity.OfPath(path)?.Inode ?? 0;

        private void Fail(string problem)
        {
            if (_problem.Fail(problem))
                Log.RulesFileBroken(log, problem, _rules.Count > 0 ? $"keeping the last good {_rules.Count} rules" : "no rules from it until it is fixed");
        }
    }
}

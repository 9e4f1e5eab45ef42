using System.Text.RegularExpressions;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Wrapper;

/// <summary>Debian's stress-ng as the child, its stderr parsed by the stress-ng parser, end to end (issue 15's test list).</summary>
public sealed class WrapperStressNgTests
{
    [Fact]
    public void Stress_ng_metrics_brief_summary_becomes_the_six_summary_gauges()
    {
        using var directory = new TestDirectory();
        var output = directory.File("apms.prom");
        var (status, stdout, stderr) = WcaProcess.Run(["--stderr", "1", "--parser", "stress_ng", "--metric_name_prefix", "stress_ng_",
            "--labels", "{'workload':'stress-ng','cores':'1'}", "--command", "stress-ng --cpu 1 --timeout 2 --metrics-brief",
            "--storage_output_filename", output], wcaDll: WrapperFixtures.WrapperDll);
        Assert.True(status == 0, stderr);
        // The parsed stream (stress-ng's stderr) is echoed to the wrapper's stdout.
        var row = Regex.Match(stdout, @"stress-ng: metrc: \[\d+\] cpu +(\d+) +([\d.]+) ");
        Assert.True(row.Success, stdout);
        var text = File.ReadAllText(output);
        Promtool.AssertParses(text);
        Assert.Contains($"\nstress_ng_bogo_ops{{cores=\"1\",workload=\"stress-ng\"}} {row.Groups[1].Value}.0 ", "\n" + text);
        foreach (var name in new[] { "real_time", "user_time", "system_time", "bogo_ops_per_second_real_time", "bogo_ops_per_second_usr_sys_time" })
            Assert.Matches($"(?m)^# TYPE stress_ng_{name} gauge\nstress_ng_{name}{{cores=\"1\",workload=\"stress-ng\"}} [0-9.]+ \\d{{13}}$", text);
    }
}

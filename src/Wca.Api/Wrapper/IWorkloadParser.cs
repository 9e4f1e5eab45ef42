namespace Wca.Api.Wrapper;

/// <summary>
/// Turns a workload's output into application performance metrics (APMs): the original's parse function. The wrapper
/// makes one instance per run (so a parser may keep state between calls) and calls <see cref="Parse"/> again and again
/// on one thread; each call that returns true with metrics becomes exactly one store (one Kafka message, one file
/// append), after the wrapper appends the SLI/SLO/load metrics.
/// </summary>
/// <remarks>
/// A new parser is added as the original added one (wrapper.md §11: a module with its own entry point that reuses the
/// whole wrapper): implement this interface and hand it to <c>Wca.Wrapper.WorkloadWrapper.Run</c> from the <c>Main</c>
/// of a small executable that references wca-wrapper. Report each value once: a call returns only the metrics of
/// the lines it consumed. An exception from <see cref="Parse"/> is logged (once per distinct message) and the wrapper
/// goes on with the next call; it never ends the workload.
/// </remarks>
public interface IWorkloadParser
{
    /// <summary>
    /// Reads what one batch needs from <paramref name="output"/> (one line, one block ...; blocking until it arrives) and
    /// adds that batch's metrics to <paramref name="batch"/> (nothing added = nothing to store).
    /// </summary>
    /// <param name="output">The workload's chosen stream; read through it so every line is echoed and its end is seen.</param>
    /// <param name="arguments">The command line's parser arguments (prefix, labels, regexp, separator).</param>
    /// <param name="batch">Empty on entry; the metrics of this call, in order. Metric names include the prefix;
    /// <see cref="MetricType.Untyped"/> and a null help give no TYPE/HELP line.</param>
    /// <returns>False at the end of the workload's output (when <see cref="IWorkloadOutput.ReadLine()"/> returned null):
    /// the wrapper then stops reading and discards <paramref name="batch"/> (a partial block is not stored, as in the
    /// original). True otherwise.</returns>
    bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch);
}

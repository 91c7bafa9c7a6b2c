using System.Globalization;
using System.Text;

namespace MetricStream.FaultTests.Ledger;

/// <summary>What the ledger check found. <see cref="Ok"/> is false on any loss, double count or extra data.</summary>
internal sealed class LedgerReport
{
    /// <summary>Points of 2xx-answered requests.</summary>
    public int Acked { get; init; }

    /// <summary>Points of unacknowledged requests that reached Kafka anyway (allowed: not owed, not forbidden).</summary>
    public int UnackedDelivered { get; init; }

    /// <summary>Distinct ledger points found in <c>metrics.points</c>.</summary>
    public int InKafka { get; init; }

    /// <summary>Ledger points found more than once in <c>metrics.points</c> (extra copies).</summary>
    public int DuplicatedInKafka { get; init; }

    /// <summary>Rows of the ledger's measurement in the raw retention policy.</summary>
    public int InRaw { get; init; }

    /// <summary>1-minute rollups compared with the ones recomputed from the points in Kafka.</summary>
    public int RollupsChecked { get; init; }

    /// <summary>Acknowledged points missing from Kafka or raw, plus points missing from rollups, plus missing rollups.</summary>
    public int Lost { get; init; }

    /// <summary>Extra copies in Kafka plus points counted more than once in rollups.</summary>
    public int Duplicated { get; init; }

    /// <summary>Rows or points that no request sent, or raw rows whose value differs from the one sent.</summary>
    public int Extra { get; init; }

    /// <summary>Rollups whose quantiles are outside the sketch's documented error bound.</summary>
    public int QuantilesOutOfBound { get; init; }

    /// <summary>Copies of ledger points the engine sent to <c>metrics.late</c> (a point all of whose copies are late is left out of the recomputed rollups).</summary>
    public int Late { get; init; }

    /// <summary>Records on <c>metrics.dead-letters</c> (any; the load is valid, so any is a fault).</summary>
    public int DeadLetters { get; init; }

    /// <summary>The first problems found, for the failure message.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>True when nothing was lost, duplicated, invented, out of bound or dead-lettered.</summary>
    public bool Ok => Lost == 0 && Duplicated == 0 && Extra == 0 && QuantilesOutOfBound == 0 && DeadLetters == 0;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"points acked {Acked}, unacked but delivered {UnackedDelivered}, in kafka {InKafka}, points in raw {InRaw}, ");
        text.Append(CultureInfo.InvariantCulture, $"rollups checked {RollupsChecked}, lost {Lost}, duplicated {Duplicated}, extra {Extra}, ");
        text.Append(CultureInfo.InvariantCulture, $"quantiles out of bound {QuantilesOutOfBound}, late {Late}, dead letters {DeadLetters}");
        foreach (var problem in Problems)
        {
            text.Append("\n  ").Append(problem);
        }

        return text.ToString();
    }
}

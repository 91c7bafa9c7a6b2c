using MetricStream.Avro.Internal;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Compatibility;

/// <summary>
/// Checks whether schemas can read each other's data under the Avro schema resolution rules, and
/// applies registry compatibility levels. The checks agree with what
/// <c>MetricStream.Avro.Resolution</c> can actually decode: when <see cref="CanRead"/> passes,
/// resolving reader against writer succeeds.
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>
    /// True when data written with <paramref name="writer"/> can be read with <paramref name="reader"/>:
    /// matching named types (by unqualified name or reader alias), reader fields present in the writer
    /// (by name or alias) or defaulted, numeric promotions int→long→float→double, string↔bytes, enum
    /// symbols known to the reader or covered by its default, equal fixed sizes, and every writer union
    /// branch readable. Logical types are not compared (they do not change the encoding).
    /// </summary>
    /// <param name="reader">The schema that decodes.</param>
    /// <param name="writer">The schema the data was written with.</param>
    /// <returns>The result, listing every incompatibility found.</returns>
    public static CompatibilityResult CanRead(AvroSchema reader, AvroSchema writer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        var messages = new CompatibilityChecker().Check(reader, writer);
        return messages.Count == 0 ? CompatibilityResult.Compatible : new CompatibilityResult(messages);
    }

    /// <summary>
    /// Checks a candidate schema against the registered ones under a compatibility level, with Confluent
    /// semantics: <see cref="CompatibilityLevel.Backward"/> means the candidate can read the latest schema's
    /// data, <see cref="CompatibilityLevel.Forward"/> that the latest can read the candidate's data,
    /// <see cref="CompatibilityLevel.Full"/> both; the transitive levels check every existing schema.
    /// With no existing schema every candidate is compatible. Messages of a failed check against an older
    /// schema say which one (by position, 0 = latest).
    /// </summary>
    /// <param name="level">The subject's compatibility level.</param>
    /// <param name="candidate">The schema being registered.</param>
    /// <param name="existingNewestFirst">The registered schemas, newest (latest) first.</param>
    /// <returns>The combined result.</returns>
    public static CompatibilityResult Check(CompatibilityLevel level, AvroSchema candidate, IEnumerable<AvroSchema> existingNewestFirst)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(existingNewestFirst);
        if (level == CompatibilityLevel.None)
        {
            return CompatibilityResult.Compatible;
        }

        var transitive = level is CompatibilityLevel.BackwardTransitive or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.FullTransitive;
        var backward = level is CompatibilityLevel.Backward or CompatibilityLevel.BackwardTransitive or CompatibilityLevel.Full or CompatibilityLevel.FullTransitive;
        var forward = level is CompatibilityLevel.Forward or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.Full or CompatibilityLevel.FullTransitive;
        var messages = new List<string>();
        var index = 0;
        foreach (var existing in existingNewestFirst)
        {
            var which = index == 0 ? "the latest schema" : $"existing schema {index} (0 = latest)";
            if (backward)
            {
                foreach (var m in CanRead(candidate, existing).Messages)
                {
                    messages.Add($"new schema cannot read data written with {which}: {m}");
                }
            }

            if (forward)
            {
                foreach (var m in CanRead(existing, candidate).Messages)
                {
                    messages.Add($"{which} cannot read data written with the new schema: {m}");
                }
            }

            if (!transitive)
            {
                break;
            }

            index++;
        }

        return messages.Count == 0 ? CompatibilityResult.Compatible : new CompatibilityResult(messages);
    }
}

using System.Text;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// Snapshot format: magic <c>MSAL</c>, version byte 1, rule count, then per rule its id, fingerprint and
/// a length-prefixed state blob (so state of unknown or changed rules can be skipped); then the firing alerts
/// (<see cref="FiringSet"/>), which readers that predate it never reach (a snapshot without it restores none).
/// </summary>
internal static class EvaluatorSnapshot
{
    private const byte Version = 1;
    private static readonly byte[] Magic = "MSAL"u8.ToArray();

    public static byte[] Write(IReadOnlyDictionary<string, RuleRuntime> rules, FiringSet firing)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            var list = rules.Values.ToList();
            writer.Write(list.Count);
            foreach (var rule in list)
            {
                using var blob = new MemoryStream();
                using (var inner = new BinaryWriter(blob, Encoding.UTF8, leaveOpen: true))
                {
                    rule.Write(inner);
                }

                writer.Write(rule.Rule.Id);
                writer.Write(rule.Fingerprint);
                writer.Write((int)blob.Length);
                writer.Write(blob.GetBuffer(), 0, (int)blob.Length);
            }

            firing.Write(writer, id => rules.TryGetValue(id, out var r) ? r.Fingerprint : null);
        }

        return stream.ToArray();
    }

    public static void Read(ReadOnlySpan<byte> snapshot, Dictionary<string, RuleRuntime> rules, DateTimeOffset restoredAt, FiringSet firing)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(snapshot.ToArray()), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadByte() != Version)
            {
                throw new InvalidDataException("not an alert evaluator snapshot of version 1.");
            }

            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                var id = reader.ReadString();
                var fingerprint = reader.ReadString();
                var blob = reader.ReadBytes(reader.ReadInt32());
                if (rules.TryGetValue(id, out var rule) && rule.Fingerprint == fingerprint)
                {
                    using var inner = new BinaryReader(new MemoryStream(blob), Encoding.UTF8);
                    rule.Read(inner, restoredAt);
                }
            }

            firing.Clear();
            if (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                firing.Read(reader, id => rules.TryGetValue(id, out var r) ? r.Fingerprint : null);
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("alert evaluator snapshot is truncated.", ex);
        }
    }
}

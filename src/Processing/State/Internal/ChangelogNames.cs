using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace MetricStream.Processing.State.Internal;

/// <summary>
/// Names, keys and headers of changelog records. Keys are UTF-8 text, <c>input-topic</c>, unit separator
/// (U+001F), then either the window (<c>series␟field␟start-ms</c>) or <c>#checkpoint</c>, so compaction keeps
/// the latest state of every window and the latest marker per input topic.
/// </summary>
internal static class ChangelogNames
{
    /// <summary>The header holding a record's checkpoint id (8 bytes, big-endian); tombstones carry it too.</summary>
    public const string CheckpointHeader = "checkpoint";

    private const char Separator = '\u001f';

    /// <summary><c>&lt;application-id&gt;-&lt;processor&gt;-changelog</c>.</summary>
    public static string Topic(string applicationId, string processor) => $"{applicationId}-{processor}-changelog";

    public static byte[] WindowKey(string inputTopic, string series, string field, long startTicks) =>
        Encoding.UTF8.GetBytes($"{inputTopic}{Separator}{series}{Separator}{field}{Separator}{startTicks / TimeSpan.TicksPerMillisecond}");

    /// <summary>The key of an alert processor's state: one per task, so compaction keeps only the latest.</summary>
    public static byte[] AlertsKey(string inputTopic) => Encoding.UTF8.GetBytes($"{inputTopic}{Separator}#alerts");

    public static byte[] MarkerKey(string inputTopic) => Encoding.UTF8.GetBytes($"{inputTopic}{Separator}#checkpoint");

    /// <summary>True when <paramref name="key"/> belongs to the task reading <paramref name="inputTopic"/>.</summary>
    public static bool BelongsTo(byte[]? key, string inputTopic)
    {
        if (key is null || key.Length <= inputTopic.Length || key[inputTopic.Length] != (byte)Separator)
        {
            return false;
        }

        return Encoding.UTF8.GetByteCount(inputTopic) == inputTopic.Length
            && key.AsSpan(0, inputTopic.Length).SequenceEqual(Encoding.UTF8.GetBytes(inputTopic));
    }

    public static Headers Headers(long checkpoint)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, checkpoint);
        return new Headers { { CheckpointHeader, bytes } };
    }

    /// <summary>The checkpoint id of a record, or null when the header is missing or malformed.</summary>
    public static long? Checkpoint(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(CheckpointHeader, out var bytes) && bytes is { Length: 8 }
            ? BinaryPrimitives.ReadInt64BigEndian(bytes)
            : null;
}

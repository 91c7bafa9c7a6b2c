using System.Text.RegularExpressions;
using MetricStream.Avro.Records;

namespace MetricStream.Processing.Alerts;

/// <summary>How a <see cref="TagMatcher"/> compares a tag's value.</summary>
public enum TagMatchKind
{
    /// <summary>The tag is present with exactly this value.</summary>
    Equals,

    /// <summary>The tag is absent or has another value.</summary>
    NotEquals,

    /// <summary>The whole value (an absent tag counts as empty) matches the regular expression.</summary>
    Regex,
}

/// <summary>
/// One condition on a series tag. Regular expressions match the whole value (they are anchored) and run
/// with <see cref="RegexOptions.NonBacktracking"/>, so a rule cannot stall the engine.
/// </summary>
public sealed class TagMatcher
{
    private readonly Regex? _regex;

    private TagMatcher(string key, TagMatchKind kind, string value, Regex? regex)
    {
        Key = key;
        Kind = kind;
        Value = value;
        _regex = regex;
    }

    /// <summary>The tag key.</summary>
    public string Key { get; }

    /// <summary>How the value is compared.</summary>
    public TagMatchKind Kind { get; }

    /// <summary>The value or the regular expression.</summary>
    public string Value { get; }

    /// <summary>The tag equals <paramref name="value"/>.</summary>
    /// <param name="key">Tag key.</param>
    /// <param name="value">Tag value.</param>
    /// <returns>The matcher.</returns>
    public static TagMatcher Equal(string key, string value) => new(key, TagMatchKind.Equals, value, null);

    /// <summary>The tag is absent or differs from <paramref name="value"/>.</summary>
    /// <param name="key">Tag key.</param>
    /// <param name="value">Tag value.</param>
    /// <returns>The matcher.</returns>
    public static TagMatcher NotEqual(string key, string value) => new(key, TagMatchKind.NotEquals, value, null);

    /// <summary>The whole tag value matches <paramref name="pattern"/>.</summary>
    /// <param name="key">Tag key.</param>
    /// <param name="pattern">A .NET regular expression (without anchors; the whole value must match).</param>
    /// <returns>The matcher.</returns>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static TagMatcher Matching(string key, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = new Regex($"^(?:{pattern})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        return new(key, TagMatchKind.Regex, pattern, regex);
    }

    /// <summary>Whether the tags satisfy this matcher.</summary>
    /// <param name="tags">The series tags.</param>
    /// <returns>True when they do.</returns>
    public bool Matches(IReadOnlyList<Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        string? found = null;
        foreach (var tag in tags)
        {
            if (string.Equals(tag.Key, Key, StringComparison.Ordinal))
            {
                found = tag.Value;
                break;
            }
        }

        return Kind switch
        {
            TagMatchKind.Equals => string.Equals(found, Value, StringComparison.Ordinal),
            TagMatchKind.NotEquals => !string.Equals(found, Value, StringComparison.Ordinal),
            _ => _regex!.IsMatch(found ?? string.Empty),
        };
    }

    /// <summary>e.g. <c>host=~web-.*</c>, <c>env!=test</c>, <c>cpu=cpu-total</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Key + Kind switch
    {
        TagMatchKind.Equals => "=",
        TagMatchKind.NotEquals => "!=",
        _ => "=~",
    } + Value;
}

using System.ComponentModel;
using System.Reflection;
using MetricStream.Host.Roles;

namespace MetricStream.IntegrationTests.Compose;

/// <summary>
/// Whether a configuration key (<c>Edge:Listen</c>, <c>Sinks:InfluxDB:Destinations:raw:Bucket</c>) names a real
/// setting: the host's settings classes are found by reflection (each has a <c>const string Section</c>) and the
/// key's remaining segments are walked through their properties the way the configuration binder does
/// (case-insensitive names, any key of a dictionary, numeric indexes of a list), ending on a value whose text
/// converts to the property's type.
/// </summary>
internal static class SettingsKeys
{
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Sections = new(() =>
        typeof(EdgeSettings).Assembly.GetTypes()
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string) && x.Type.Name.EndsWith("Settings", StringComparison.Ordinal))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase));

    /// <summary>The settings sections of the host, by name (e.g. <c>Sinks:InfluxDB</c>).</summary>
    public static IReadOnlyDictionary<string, Type> All => Sections.Value;

    /// <summary>Returns what is wrong with <paramref name="key"/> = <paramref name="value"/>, or null when it binds.</summary>
    public static string? Check(string key, string value)
    {
        var segments = key.Split(':');
        if (segments[0].Equals("Logging", StringComparison.OrdinalIgnoreCase))
        {
            return CheckLogging(segments, value);
        }

        var section = All.Keys
            .Where(s => segments.Length > s.Split(':').Length && string.Join(':', segments.Take(s.Split(':').Length)).Equals(s, StringComparison.OrdinalIgnoreCase))
            .MaxBy(s => s.Length);
        if (section is null)
        {
            return $"{key}: no settings section (known: {string.Join(", ", All.Keys.Order(StringComparer.Ordinal))})";
        }

        var type = All[section];
        foreach (var segment in segments.Skip(section.Split(':').Length))
        {
            if (Element(type, typeof(IDictionary<,>), 1) is { } valueType)
            {
                type = valueType;
            }
            else if (Element(type, typeof(IList<>), 0) is { } itemType)
            {
                if (!int.TryParse(segment, out _))
                {
                    return $"{key}: '{segment}' is not a list index";
                }

                type = itemType;
            }
            else if (type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true } property)
            {
                type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            }
            else
            {
                return $"{key}: {type.Name} has no settable property '{segment}'";
            }
        }

        var converter = TypeDescriptor.GetConverter(type);
        if (type != typeof(string) && (!converter.CanConvertFrom(typeof(string)) || type.IsClass && type != typeof(Uri)))
        {
            return $"{key}: ends on {type.Name}, a section, not a value";
        }

        try
        {
            converter.ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException)
        {
            return $"{key}: '{value}' is not a {type.Name}";
        }
    }

    private static string? CheckLogging(string[] segments, string value) => segments switch
    {
        [_, var format] when format.Equals("Format", StringComparison.OrdinalIgnoreCase) =>
            value is "json" or "simple" ? null : $"Logging:Format must be json or simple (got '{value}')",
        [_, var level, _] when level.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) =>
            Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(value, ignoreCase: true, out _) ? null : $"{string.Join(':', segments)}: '{value}' is not a log level",
        _ => $"{string.Join(':', segments)}: not a logging setting (Logging:Format, Logging:LogLevel:<category>)",
    };

    private static Type? Element(Type type, Type generic, int argument)
    {
        var match = type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);
        return match?.GetGenericArguments()[argument];
    }
}

using System.Globalization;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>A version in a URL: a number from 1 to 2^31-1, or <c>latest</c> (also <c>-1</c>, as Confluent allows).</summary>
internal static class VersionText
{
    /// <summary>The version, or null for the latest.</summary>
    /// <exception cref="RegistryErrorException">42202 for anything else.</exception>
    public static int? Parse(string text)
    {
        if (text.Equals("latest", StringComparison.OrdinalIgnoreCase) || text == "-1")
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw RegistryErrors.InvalidVersion(text);
    }
}

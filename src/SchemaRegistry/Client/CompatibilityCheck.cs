namespace MetricStream.SchemaRegistry.Client;

/// <summary>The registry's answer to a compatibility check.</summary>
/// <param name="IsCompatible">True when the schema could be registered under the subject's level.</param>
/// <param name="Messages">Why not, when incompatible (empty when compatible).</param>
public sealed record CompatibilityCheck(bool IsCompatible, IReadOnlyList<string> Messages);

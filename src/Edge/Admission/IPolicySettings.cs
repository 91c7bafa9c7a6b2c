namespace MetricStream.Edge.Admission;

/// <summary>Typed settings of an admission policy, read from and written as JSON (camelCase members).</summary>
public interface IPolicySettings
{
    /// <summary>Problems with the values (empty when valid), e.g. <c>pointsPerSecond must be positive</c>.</summary>
    /// <returns>The problems.</returns>
    IEnumerable<string> Validate();
}

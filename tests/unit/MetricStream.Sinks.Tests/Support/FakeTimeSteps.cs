using MetricStream.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Sinks.Tests.Support;

/// <summary>Moves fake time forward in steps until a condition holds (checked with a short real-time poll after each step).</summary>
public static class FakeTimeSteps
{
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, Func<bool> condition, TimeSpan step, string what, int maxSteps = 600)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            if (condition())
            {
                return;
            }

            time.Advance(step);
            try
            {
                await Poll.UntilAsync(condition, what, TimeSpan.FromMilliseconds(300));
                return;
            }
            catch (TimeoutException)
            {
                // Not yet: take another step.
            }
        }

        throw new TimeoutException($"{what} did not happen within {maxSteps} steps of {step}");
    }
}

using System.Diagnostics;

namespace IpcGen;

/// <summary>Conversions of <see cref="Stopwatch"/> deadlines for waits that take milliseconds.</summary>
internal static class Deadline
{
    /// <summary>Returns the milliseconds left until <paramref name="deadline"/> (a <see cref="Stopwatch"/>
    /// timestamp), rounded up so that a wait never ends before it: 0 once it has passed, and
    /// <see cref="Timeout.Infinite"/> for <see cref="long.MaxValue"/>, which means no deadline.</summary>
    public static int RemainingMilliseconds(long deadline)
    {
        if (deadline == long.MaxValue)
        {
            return Timeout.Infinite;
        }

        long remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return 0;
        }

        long milliseconds = (remaining * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        return (int)Math.Min(milliseconds, int.MaxValue - 1);
    }
}

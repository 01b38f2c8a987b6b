using NUnit.Framework;

namespace IpcGen.Testing;

/// <summary>Bounded waits, so that no test can hang the run.</summary>
public static class Wait
{
    /// <summary>Upper bound for anything that should happen promptly on a loaded machine.</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    /// <summary>Waits for a task and returns its result; fails the test after <paramref name="timeout"/>.</summary>
    public static T Result<T>(Task<T> task, TimeSpan timeout)
    {
        Assert.That(task.Wait(timeout), Is.True, $"The task did not complete within {timeout}.");
        return task.Result;
    }

    /// <summary>Waits for a task to end, successfully or not; fails the test after <paramref name="timeout"/>.
    /// </summary>
    public static void ForEnd(Task task, TimeSpan timeout)
    {
        bool completed;
        try
        {
            completed = task.Wait(timeout);
        }
        catch (AggregateException)
        {
            completed = true;
        }

        Assert.That(completed, Is.True, $"The task did not complete within {timeout}.");
    }

    /// <summary>Polls a condition; fails the test after <paramref name="timeout"/>.</summary>
    public static void Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"Timed out waiting for {what}.");
            Thread.Sleep(5);
        }
    }
}

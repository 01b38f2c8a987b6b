namespace IpcGen.Samples.Tests;

/// <summary>The ping-pong sample: nested and crossing synchronous calls between two processes.</summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class PingPongTests
{
    [Test]
    public void Defaults_ExitZero()
    {
        var run = Samples.PingPong(TimeSpan.FromSeconds(90));

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("reached depth 16 of 16"), run.ToString());
        Assert.That(run.Output, Does.Contain("left made 1000, right made 1000"), run.ToString());
    }
}

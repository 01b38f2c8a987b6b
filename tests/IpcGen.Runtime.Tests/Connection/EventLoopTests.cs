namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
[CancelAfter(30_000)]
public sealed class EventLoopTests
{
    [Test]
    public void Run_CallbacksInOrderOnLoopThread()
    {
        var loop = new IpcEventLoop();
        var seen = new List<int>();
        int loopThread = 0;
        for (int i = 0; i < 100; i++)
        {
            int value = i;
            loop.Post(_ => seen.Add(value), null);
        }

        loop.Post(_ =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            loop.Stop();
        }, null);
        loop.Run();

        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 100)));
        Assert.That(loopThread, Is.EqualTo(Environment.CurrentManagedThreadId));
    }

    [Test]
    public void Run_SetsCurrentContext()
    {
        var loop = new IpcEventLoop();
        SynchronizationContext? current = null;
        loop.Post(_ =>
        {
            current = SynchronizationContext.Current;
            loop.Stop();
        }, null);

        loop.Run();

        Assert.That(current, Is.SameAs(loop));
    }

    [Test]
    public void Run_Cancelled_Returns()
    {
        var loop = new IpcEventLoop();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var run = Task.Factory.StartNew(() => loop.Run(cancellation.Token), TaskCreationOptions.LongRunning);

        Assert.That(run.Wait(Wait.Long), Is.True);
    }

    [Test]
    public void Send_FromOtherThread_RunsOnLoop()
    {
        var loop = new IpcEventLoop();
        var run = Task.Factory.StartNew(() => loop.Run(), TaskCreationOptions.LongRunning);
        Wait.Until(() => loop.IsRunning, Wait.Long, "the loop to start");
        bool onLoop = false;

        loop.Send(_ => onLoop = loop.IsLoopThread, null);
        loop.Stop();

        Assert.That(onLoop, Is.True);
        Assert.That(run.Wait(Wait.Long), Is.True);
    }

    [Test]
    public void Send_CallbackThrows_Propagates()
    {
        var loop = new IpcEventLoop();
        var run = Task.Factory.StartNew(() => loop.Run(), TaskCreationOptions.LongRunning);
        Wait.Until(() => loop.IsRunning, Wait.Long, "the loop to start");

        Assert.Throws<InvalidOperationException>(() => loop.Send(_ => throw new InvalidOperationException(), null));
        loop.Stop();
        Assert.That(run.Wait(Wait.Long), Is.True);
    }
}

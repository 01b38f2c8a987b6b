using IpcGen.Messages;

namespace IpcGen.Generator.Tests;

/// <summary>The runtime's one-slot message pool.</summary>
public sealed class MessagePoolTests
{
    [Test]
    public void EmptyPoolRentsNull() =>
        Assert.That(new MessagePool<object>().TryRent(), Is.Null);

    [Test]
    public void RentTakesReturnedMessage()
    {
        var pool = new MessagePool<object>();
        var message = new object();

        pool.Return(message);

        Assert.That(pool.TryRent(), Is.SameAs(message));
        Assert.That(pool.TryRent(), Is.Null);
    }

    [Test]
    public void Return_KeepsTwoMessages()
    {
        var pool = new MessagePool<object>();
        var first = new object();
        var second = new object();

        pool.Return(first);
        pool.Return(second);
        pool.Return(new object());

        var rented = new[] { pool.TryRent(), pool.TryRent() };
        Assert.That(rented, Is.EquivalentTo(new[] { first, second }));
        Assert.That(pool.TryRent(), Is.Null);
    }

    [Test]
    public void ReturnRejectsNull() =>
        Assert.Throws<ArgumentNullException>(() => new MessagePool<object>().Return(null!));
}

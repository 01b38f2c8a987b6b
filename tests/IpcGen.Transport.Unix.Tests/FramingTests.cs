using System.Text;

namespace IpcGen.Unix.Tests;

public sealed class FramingTests
{
    [Test]
    public void Frame_SplitIntoSmallWrites_ArrivesWhole()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        byte[] payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();

        peer.WriteInChunks(RawPeer.Frame(payload), chunk: 7, pause: TimeSpan.FromMilliseconds(1));

        Assert.That(receiver.Take().Payload, Is.EqualTo(payload));
    }

    [Test]
    public void Frames_InOneWrite_ArriveSeparately()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        byte[] bytes = [.. RawPeer.Frame("one"u8), .. RawPeer.Frame([]), .. RawPeer.Frame("three"u8)];

        peer.Write(bytes);

        Assert.That(Encoding.UTF8.GetString(receiver.Take().Payload), Is.EqualTo("one"));
        Assert.That(receiver.Take().Payload, Is.Empty);
        Assert.That(Encoding.UTF8.GetString(receiver.Take().Payload), Is.EqualTo("three"));
    }

    [Test]
    public void Messages_BetweenTransports_KeepOrderAndContent()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var receiver = new RecordingReceiver();
        second.Start(receiver);
        first.Start(new RecordingReceiver());
        var random = new Random(7);
        var sent = new List<byte[]>();
        for (int i = 0; i < 500; i++)
        {
            var payload = new byte[random.Next(0, 70_000)];
            random.NextBytes(payload);
            sent.Add(payload);
            first.Send(payload, []);
        }

        for (int i = 0; i < sent.Count; i++)
        {
            // SequenceEqual, because NUnit's element-by-element comparison of 17 MB takes seconds.
            Assert.That(receiver.Take().Payload.AsSpan().SequenceEqual(sent[i]), Is.True, $"message {i}");
        }
    }

    [Test]
    public void Header_WrittenBySender_HasDocumentedLayout()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        transport.Start(new RecordingReceiver());

        transport.Send("abc"u8, [TestHelpers.PipeWithContent("x")]);
        var (header, payload, descriptors) = peer.ReadFrame();

        Assert.That(header, Is.EqualTo(new FrameHeader(3, 1, 0, 0)));
        Assert.That(payload, Is.EqualTo("abc"u8.ToArray()));
        Assert.That(descriptors, Has.Length.EqualTo(1));
        foreach (var descriptor in descriptors)
        {
            descriptor.Dispose();
        }
    }
}

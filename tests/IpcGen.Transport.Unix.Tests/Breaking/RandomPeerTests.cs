using System.Buffers.Binary;

namespace IpcGen.Unix.Tests.Breaking;

/// <summary>A peer that writes a random mix of valid and corrupt frames, with descriptors, in random pieces.
/// </summary>
public sealed class RandomPeerTests
{
    [Test]
    public void RandomFrames_DisconnectCleanlyWithoutLeak()
    {
        var random = new Random(20261204);
        OpenDescriptors.AssertNoLeak(() =>
        {
            for (int round = 0; round < 100; round++)
            {
                RunRound(random);
            }
        });
    }

    private static void RunRound(Random random)
    {
        using var pipe = TestHelpers.PipeReadEnd();
        int descriptor = (int)pipe.DangerousGetHandle();
        var options = random.Next(2) == 0 ? TestHelpers.Acknowledging : null;
        var (transport, peer) = RawPeer.CreatePair(options);
        var receiver = new CallbackReceiver((payload, attachments) =>
        {
            foreach (var attachment in attachments)
            {
                attachment.Dispose();
            }
        });
        transport.Start(receiver);

        try
        {
            for (int frame = 0; frame < 20; frame++)
            {
                var bytes = RandomFrame(random, out int descriptorCount);
                int[] descriptors = Enumerable.Repeat(descriptor, descriptorCount).ToArray();
                int split = bytes.Length > 1 ? random.Next(1, bytes.Length) : bytes.Length;
                peer.Write(bytes.AsSpan(0, split), descriptors);
                peer.Write(bytes.AsSpan(split));
            }
        }
        catch (IOException)
        {
            // The transport disconnected the peer and closed its end while the peer was still writing.
        }

        peer.Dispose();
        var disconnect = receiver.WaitForDisconnect();
        Assert.That(
            disconnect.Reason,
            Is.EqualTo(DisconnectReason.PeerClosed).Or.EqualTo(DisconnectReason.ProtocolViolation));
        transport.Dispose();
    }

    private static byte[] RandomFrame(Random random, out int descriptorCount)
    {
        int payloadLength = random.Next(4) == 0 ? random.Next(1, 200_000) : random.Next(0, 64);
        descriptorCount = random.Next(3) == 0 ? random.Next(0, 5) : 0;
        var frame = new byte[FrameHeader.Size + payloadLength];
        random.NextBytes(frame.AsSpan(FrameHeader.Size));
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payloadLength);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), (ushort)descriptorCount);
        switch (random.Next(12))
        {
            case 0:
                BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)random.Next());
                break;
            case 1:
                BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), (ushort)random.Next(0, 200));
                break;
            case 2:
                frame[6] = (byte)random.Next(0, 4);
                break;
            case 3:
                frame[7] = (byte)random.Next(0, 256);
                break;
            case 4:
                return frame[..random.Next(1, frame.Length + 1)];
        }

        return frame;
    }
}

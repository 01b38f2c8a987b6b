using System.Buffers.Binary;
using IpcGen.Samples.EchoServer;
using MessagePack;

namespace IpcGen.Hostile.Tests.Fuzz;

/// <summary>
/// A seeded mutator that starts from valid frames of the echo and checksum endpoints and breaks them. It flips and
/// sets bytes, inserts, deletes and duplicates ranges, and truncates. It also splices interesting values into frame
/// lengths, descriptor counts, connection header fields and MessagePack length prefixes. Input
/// <c>index</c> of seed <c>seed</c> depends on nothing else, so a single input can be replayed alone.
/// </summary>
internal sealed class FrameMutator
{
    private static readonly uint[] s_interestingLengths =
    [
        0, 1, 7, 8, 15, 16, 17, 255, 256, 65535, 65536, 0x7FFF_FFF7, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFF7,
        0xFFFF_FFFF, IpcLimits.MaxPayloadBytes, IpcLimits.MaxPayloadBytes + 1u,
    ];

    private static readonly ushort[] s_interestingCounts = [0, 1, 2, 64, 65, 128, 129, 512, 0xFFFF];

    private static readonly byte[] s_interestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xC0, 0xC1, 0xD9, 0xDB, 0xFF];

    private readonly int _seed;

    public FrameMutator(int seed)
    {
        _seed = seed;
    }

    /// <summary>Generates input number <paramref name="index"/>.</summary>
    public FuzzInput Generate(int index)
    {
        var random = new Random(HashCode.Combine(_seed, index));
        var target = random.Next(8) == 0 ? Target.Checksum : Target.Echo;
        var frames = new List<byte[]>();
        int descriptors = 0;
        int frameCount = 1 + random.Next(3);
        for (int i = 0; i < frameCount; i++)
        {
            var (frame, count) = ValidFrame(random, target);
            frames.Add(frame);
            descriptors += count;
        }

        var body = Wire.Concat([.. frames]);
        int mutations = 1 + random.Next(4);
        for (int i = 0; i < mutations; i++)
        {
            body = Mutate(random, body, target);
        }

        var hello = Wire.HelloFrame(target);
        if (random.Next(10) == 0)
        {
            hello = Mutate(random, hello, target);
        }

        if (random.Next(10) == 0)
        {
            descriptors = random.Next(4);
        }

        return new FuzzInput(target, Wire.Concat(hello, body), descriptors);
    }

    private static (byte[] Frame, int Descriptors) ValidFrame(Random random, Target target)
    {
        if (target == Target.Checksum)
        {
            return random.Next(2) == 0
                ? (Wire.ChecksumRequest(ChecksumServiceMessages.Sha256.Id, Wire.Binary(RandomBytes(random, 32))), 0)
                : (Wire.ChecksumRequest(ChecksumServiceMessages.Sha256OfAttachment.Id, Wire.Integer(0), 1), 1);
        }

        uint requestId = (uint)random.Next(1, 1000);
        return random.Next(10) switch
        {
            0 => (Wire.Message(Wire.EchoMagic, EchoServiceMessages.Echo.Id, requestId, Wire.SyncRequest,
                Wire.Strings(RandomText(random))), 0),
            1 => (Wire.Message(Wire.EchoMagic, EchoServiceMessages.EchoBytes.Id, requestId, Wire.SyncRequest,
                Wire.Binary(RandomBytes(random, 64))), 0),
            2 => (Wire.Message(Wire.EchoMagic, EchoServiceMessages.EchoAttachment.Id, requestId, Wire.SyncRequest,
                Wire.Integer(0), 1), 1),
            3 => (Wire.Message(Wire.EchoMagic, EchoServiceMessages.Notify.Id, 0, Wire.OneWay,
                Wire.Strings(RandomText(random))), 0),
            4 => (Wire.Message(Wire.EchoMagic, EchoServiceMessages.NotificationCount.Id, requestId, Wire.SyncRequest,
                Wire.NoArguments()), 0),
            5 => (Wire.Message(Wire.EchoMagic, EchoServiceMessages.EchoLaterAsync.Id, requestId, Wire.AsyncRequest,
                LaterBody(RandomText(random), random.Next(5))), 0),
            6 => (Wire.Message(Wire.EchoMagic, EchoServiceMessages.OpenChecksum.Id, requestId, Wire.SyncRequest,
                Wire.NoArguments()), 0),
            7 => (Wire.Message(0, 0, requestId, Wire.Cancel, [0xC0]), 0),
            8 => (Wire.Message(0, 0, requestId, Wire.Response | Wire.ErrorResponse, Wire.Strings("E", "m")), 0),
            _ => (Wire.Header(0, (ushort)random.Next(2), Wire.Acknowledgement), 0),
        };
    }

    private static byte[] LaterBody(string text, int delay) => Wire.Pack((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(2);
        writer.Write(text);
        writer.Write(delay);
    });

    private static byte[] Mutate(Random random, byte[] input, Target target)
    {
        if (input.Length == 0)
        {
            return RandomBytes(random, 1 + random.Next(16));
        }

        var bytes = input.ToList();
        int position = random.Next(bytes.Count);
        switch (random.Next(11))
        {
            case 0:
                bytes[position] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes[position] = s_interestingBytes[random.Next(s_interestingBytes.Length)];
                break;
            case 2:
                bytes.InsertRange(position, RandomBytes(random, 1 + random.Next(8)));
                break;
            case 3:
                bytes.RemoveRange(position, Math.Min(1 + random.Next(8), bytes.Count - position));
                break;
            case 4:
                int length = Math.Min(1 + random.Next(32), bytes.Count - position);
                bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(position, length));
                break;
            case 5:
                bytes.RemoveRange(position, bytes.Count - position);
                break;
            case 6:
                return SpliceFrameField(random, input, lengthField: true);
            case 7:
                return SpliceFrameField(random, input, lengthField: false);
            case 8:
                return SpliceConnectionHeader(random, input, target);
            case 9:
                return SpliceMessagePackLength(random, input);
            default:
                bytes[position] = (byte)random.Next(256);
                break;
        }

        return [.. bytes];
    }

    /// <summary>Writes an interesting payload length or descriptor count into the first frame header.</summary>
    private static byte[] SpliceFrameField(Random random, byte[] input, bool lengthField)
    {
        var bytes = (byte[])input.Clone();
        if (bytes.Length < Wire.FrameHeaderSize)
        {
            return bytes;
        }

        if (lengthField)
        {
            uint length = random.Next(3) switch
            {
                0 => (uint)(bytes.Length - Wire.FrameHeaderSize + random.Next(-2, 3)),
                _ => s_interestingLengths[random.Next(s_interestingLengths.Length)],
            };
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4),
                s_interestingCounts[random.Next(s_interestingCounts.Length)]);
        }

        return bytes;
    }

    /// <summary>Replaces one field of the first connection header with a real magic or id of another endpoint or
    /// message, or an edge value.</summary>
    private static byte[] SpliceConnectionHeader(Random random, byte[] input, Target target)
    {
        var bytes = (byte[])input.Clone();
        int fieldOffset = Wire.FrameHeaderSize + 4 * random.Next(4);
        if (bytes.Length < fieldOffset + 4)
        {
            return bytes;
        }

        uint[] values =
        [
            0, 1, 2, 4, 8, 16, 32, 3, 12, uint.MaxValue, 0x8000_0000, Wire.EchoMagic, Wire.ChecksumMagic,
            Wire.ClientMagic, EchoServiceMessages.Echo.Id, EchoServiceMessages.Notify.Id,
            EchoServiceMessages.Echo.Id | Wire.ResponseBit, ChecksumServiceMessages.Sha256.Id,
            target == Target.Echo
                ? EchoServiceMessages.EchoLaterAsync.Id
                : ChecksumServiceMessages.Sha256OfAttachment.Id,
        ];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(fieldOffset), values[random.Next(values.Length)]);
        return bytes;
    }

    /// <summary>Finds a MessagePack str, bin, array or map prefix and overwrites its length with large values.
    /// </summary>
    private static byte[] SpliceMessagePackLength(Random random, byte[] input)
    {
        var bytes = (byte[])input.Clone();
        int start = random.Next(bytes.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            int at = (start + i) % bytes.Length;
            int width = bytes[at] switch
            {
                0xD9 or 0xC4 => 1,
                0xDA or 0xC5 or 0xDC or 0xDE => 2,
                0xDB or 0xC6 or 0xDD or 0xDF => 4,
                _ => 0,
            };
            if (width == 0)
            {
                continue;
            }

            for (int j = 1; j <= width && at + j < bytes.Length; j++)
            {
                bytes[at + j] = random.Next(2) == 0 ? (byte)0xFF : (byte)random.Next(256);
            }

            return bytes;
        }

        // No prefix found: turn a byte into a str32 header claiming 4 GiB.
        var list = bytes.ToList();
        list.InsertRange(start, Pack32(0xDB, uint.MaxValue));
        return [.. list];
    }

    private static byte[] Pack32(byte type, uint length)
    {
        var header = new byte[5];
        header[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    private static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomText(Random random) =>
        new(Enumerable.Range(0, random.Next(24)).Select(_ => (char)random.Next(0x20, 0x250)).ToArray());
}

using IpcGen.Samples.EchoServer;
using static IpcGen.Hostile.Tests.Cases.Ending;

namespace IpcGen.Hostile.Tests.Cases;

/// <summary>Attacks on the generated decoders: bodies that are not MessagePack, values of the wrong type, nulls,
/// values over their limits, invalid UTF-8, trailing bytes, wrong argument counts and lengths near 2^32.</summary>
internal static class DecoderCases
{
    private static readonly uint s_echo = EchoServiceMessages.Echo.Id;
    private static readonly uint s_echoBytes = EchoServiceMessages.EchoBytes.Id;
    private static readonly uint s_attachment = EchoServiceMessages.EchoAttachment.Id;

    public static IEnumerable<CaseList> All()
    {
        yield return Malformed();
        yield return WrongTypes();
        yield return NullForNonNullable();
        yield return OverLimit();
        yield return InvalidUtf8();
        yield return TrailingBytes();
        yield return WrongArrayCounts();
        yield return LengthNearMax();
    }

    private static byte[] Notify(byte[] body) =>
        Wire.Message(Wire.EchoMagic, EchoServiceMessages.Notify.Id, 0, Wire.OneWay, body);

    private static byte[] Later(byte[] body) =>
        Wire.Message(Wire.EchoMagic, EchoServiceMessages.EchoLaterAsync.Id, 1, Wire.AsyncRequest, body);

    private static void AttachmentCase(CaseList list, string name, byte[] body, int descriptors)
    {
        list.Add(name, ClosedByServer, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.EchoRequest(s_attachment, body, descriptors), TestDescriptors.DevNull(descriptors));
        });
    }

    private static CaseList Malformed()
    {
        var list = new CaseList("MalformedMessagePack");
        var bodies = new (string Name, byte[] Body)[]
        {
            ("NeverUsedByte", [0xC1]),
            ("Empty", []),
            ("ArrayWithoutItem", [0x91]),
            ("Str8WithoutLength", [0x91, 0xD9]),
            ("Str8Truncated", [0x91, 0xD9, 0x10, (byte)'a']),
            ("Array16Truncated", [0xDC, 0x00]),
            ("ExtTruncated", [0x91, 0xC7, 0x01]),
            ("FixExtInPlaceOfString", [0x91, 0xD4, 0x01, 0x00]),
            ("DeepNesting", Enumerable.Repeat((byte)0x91, 2000).ToArray()),
            ("RandomBytes", RandomBytes(64, 1)),
        };
        foreach (var (name, body) in bodies)
        {
            list.AfterHello(name, ClosedByServer, Wire.EchoRequest(s_echo, body));
        }

        list.AfterHello("AsyncMissingSecondValue", ClosedByServer, Later([0x92, 0xA1, (byte)'x']));
        list.AfterHello("ChecksumRandomBytes", ClosedByServer,
            Wire.ChecksumRequest(ChecksumServiceMessages.Sha256.Id, RandomBytes(64, 2)), Target.Checksum);
        return list;
    }

    private static CaseList WrongTypes()
    {
        var list = new CaseList("WrongTypes");
        list.AfterHello("EchoInteger", ClosedByServer, Wire.EchoRequest(s_echo, Pack.Array(Pack.Integer(5))));
        list.AfterHello("EchoBinary", ClosedByServer, Wire.EchoRequest(s_echo, Pack.Array(Pack.Binary(3))));
        list.AfterHello("EchoBoolean", ClosedByServer, Wire.EchoRequest(s_echo, [0x91, 0xC3]));
        list.AfterHello("EchoFloat", ClosedByServer, Wire.EchoRequest(s_echo, [0x91, 0xCA, 0, 0, 0, 0]));
        list.AfterHello("EchoMap", ClosedByServer, Wire.EchoRequest(s_echo, [0x91, 0x80]));
        list.AfterHello("EchoBytesString", ClosedByServer, Wire.EchoRequest(s_echoBytes, Wire.Strings("x")));
        list.AfterHello("EchoBytesIntegerArray", ClosedByServer, Wire.EchoRequest(s_echoBytes, [0x91, 0x92, 1, 2]));
        AttachmentCase(list, "AttachmentIndexString", Wire.Strings("0"), 1);
        AttachmentCase(list, "AttachmentIndexNegative", Wire.Integer(-1), 1);
        AttachmentCase(list, "AttachmentIndexPastEnd", Wire.Integer(1), 1);
        AttachmentCase(list, "AttachmentIndexIntMax", Wire.Integer(int.MaxValue), 1);
        AttachmentCase(list, "AttachmentIndexBeyondInt", Wire.Integer(1L << 40), 1);
        list.AfterHello("DelayString", ClosedByServer, Later(Pack.Array(Pack.String("x"), Pack.String("100"))));
        list.AfterHello("DelayFloat", ClosedByServer, Later([0x92, 0xA1, (byte)'x', 0xCA, 0x3F, 0xC0, 0, 0]));
        list.AfterHello("DelayBeyondInt", ClosedByServer, Later(Pack.Array(Pack.String("x"), Pack.Integer(1L << 40))));
        list.AfterHello("ChecksumString", ClosedByServer,
            Wire.ChecksumRequest(ChecksumServiceMessages.Sha256.Id, Wire.Strings("x")), Target.Checksum);
        return list;
    }

    private static CaseList NullForNonNullable()
    {
        var list = new CaseList("NullForNonNullable");
        list.AfterHello("Echo", ClosedByServer, Wire.EchoRequest(s_echo, Wire.Strings([null])));
        list.AfterHello("EchoBytes", ClosedByServer, Wire.EchoRequest(s_echoBytes, [0x91, Pack.Nil]));
        list.AfterHello("Notify", ClosedByServer, Notify(Wire.Strings([null])));
        list.AfterHello("EchoLater", ClosedByServer, Later(Pack.Array([Pack.Nil], Pack.Integer(0))));
        list.AfterHello("DelayNil", ClosedByServer, Later(Pack.Array(Pack.String("x"), [Pack.Nil])));
        AttachmentCase(list, "Attachment", [0x91, Pack.Nil], 1);
        list.AfterHello("ChecksumBytes", ClosedByServer,
            Wire.ChecksumRequest(ChecksumServiceMessages.Sha256.Id, [0x91, Pack.Nil]), Target.Checksum);
        list.AfterHello("ArgumentArrayNil", ClosedByServer, Wire.EchoRequest(s_echo, [Pack.Nil]));
        return list;
    }

    private static CaseList OverLimit()
    {
        var list = new CaseList("ValueOverLimit");
        int max = EchoLimits.MaxTextLength;
        list.AfterHello("EchoOneCharOver", ClosedByServer,
            Wire.EchoRequest(s_echo, Pack.Array(Pack.String("a", max + 1))));
        list.AfterHello("EchoUtf8BytesOver", ClosedByServer,
            Wire.EchoRequest(s_echo, Pack.Array(Pack.String("\u20AC", max + 1))));
        list.AfterHello("EchoTwoByteCharsOver", ClosedByServer,
            Wire.EchoRequest(s_echo, Pack.Array(Pack.String("\u00E9", max + 1))));
        list.AfterHello("NotifyOver", ClosedByServer,
            Notify(Pack.Array(Pack.String("n", EchoLimits.MaxNotificationLength + 1))));
        list.AfterHello("EchoLaterOver", ClosedByServer,
            Later(Pack.Array(Pack.String("l", max + 1), Pack.Integer(0))));
        list.AfterHello("EchoBytesOver", ClosedByServer,
            Wire.EchoRequest(s_echoBytes, Pack.Array(Pack.Binary(EchoLimits.MaxEchoBytes + 1))));
        list.AfterHello("ChecksumBytesOver", ClosedByServer, Wire.ChecksumRequest(ChecksumServiceMessages.Sha256.Id,
            Pack.Array(Pack.Binary(EchoLimits.MaxChecksumBytes + 1))), Target.Checksum);
        return list;
    }

    private static CaseList InvalidUtf8()
    {
        var list = new CaseList("InvalidUtf8");
        var sequences = new (string Name, byte[] Bytes)[]
        {
            ("LoneFF", [0xFF]),
            ("Overlong", [0xC0, 0xAF]),
            ("Surrogate", [0xED, 0xA0, 0x80]),
            ("TruncatedSequence", [0xE2, 0x82]),
            ("FiveByteForm", [0xF8, 0x88, 0x80, 0x80, 0x80]),
            ("AboveMaxCodePoint", [0xF4, 0x90, 0x80, 0x80]),
        };
        foreach (var (name, bytes) in sequences)
        {
            list.AfterHello($"Echo{name}", ClosedByServer,
                Wire.EchoRequest(s_echo, Pack.Array(Pack.RawString(Wire.Concat("ok"u8.ToArray(), bytes)))));
        }

        list.AfterHello("Notify", ClosedByServer, Notify(Pack.Array(Pack.RawString([0xFE]))));
        list.AfterHello("EchoLater", ClosedByServer, Later(Pack.Array(Pack.RawString([0x80]), Pack.Integer(0))));
        return list;
    }

    private static CaseList TrailingBytes()
    {
        var list = new CaseList("TrailingBytes");
        list.AfterHello("EchoZero", ClosedByServer, Wire.EchoRequest(s_echo, Wire.Concat(Wire.Strings("x"), [0])));
        list.AfterHello("EchoNil", ClosedByServer,
            Wire.EchoRequest(s_echo, Wire.Concat(Wire.Strings("x"), [Pack.Nil])));
        list.AfterHello("EchoSecondArray", ClosedByServer,
            Wire.EchoRequest(s_echo, Wire.Concat(Wire.Strings("x"), Wire.Strings("y"))));
        list.AfterHello("NotificationCount", ClosedByServer,
            Wire.EchoRequest(EchoServiceMessages.NotificationCount.Id, [0x90, 0x90]));
        list.Bytes("Hello", ClosedByServer,
            Wire.Message(0, 0, 0, Wire.Hello, Wire.Concat(Wire.ValidHelloBody(Target.Echo), [Pack.Nil])));
        list.AfterHello("OneWay", ClosedByServer, Notify(Wire.Concat(Wire.Strings("x"), [1, 2, 3])));
        list.AfterHello("Checksum", ClosedByServer, Wire.ChecksumRequest(ChecksumServiceMessages.Sha256.Id,
            Wire.Concat(Wire.Binary([1]), [0])), Target.Checksum);
        return list;
    }

    private static CaseList WrongArrayCounts()
    {
        var list = new CaseList("WrongArrayCounts");
        list.AfterHello("EchoNone", ClosedByServer, Wire.EchoRequest(s_echo, Wire.NoArguments()));
        list.AfterHello("EchoTwo", ClosedByServer, Wire.EchoRequest(s_echo, Wire.Strings("x", "y")));
        list.AfterHello("EchoLaterOne", ClosedByServer, Later(Wire.Strings("x")));
        list.AfterHello("EchoLaterThree", ClosedByServer,
            Later(Pack.Array(Pack.String("x"), Pack.Integer(0), Pack.Integer(0))));
        list.AfterHello("NotificationCountOne", ClosedByServer,
            Wire.EchoRequest(EchoServiceMessages.NotificationCount.Id, Wire.Strings("x")));
        list.AfterHello("BodyIsString", ClosedByServer, Wire.EchoRequest(s_echo, Pack.String("x")));
        list.AfterHello("Array16CountTwoOneItem", ClosedByServer,
            Wire.EchoRequest(s_echo, Wire.Concat([0xDC, 0x00, 0x02], Pack.String("x"))));
        list.AfterHello("OpenChecksumOne", ClosedByServer,
            Wire.EchoRequest(EchoServiceMessages.OpenChecksum.Id, Pack.Array([Pack.Nil])));
        return list;
    }

    private static CaseList LengthNearMax()
    {
        // Declared lengths near 2^32 inside a small body: a decoder that trusts them overflows or over-allocates.
        var list = new CaseList("DecoderLengthNearMax");
        foreach (uint length in new[] { uint.MaxValue, 0x8000_0000u, (uint)int.MaxValue })
        {
            list.AfterHello($"Str32Length{length:X8}", ClosedByServer,
                Wire.EchoRequest(s_echo, Wire.Concat([0x91], Pack.Header32(0xDB, length), "abc"u8.ToArray())));
            list.AfterHello($"Bin32Length{length:X8}", ClosedByServer,
                Wire.EchoRequest(s_echoBytes, Wire.Concat([0x91], Pack.Header32(0xC6, length), [1, 2, 3])));
        }

        list.AfterHello("Array32CountMax", ClosedByServer,
            Wire.EchoRequest(s_echo, Wire.Concat(Pack.Header32(0xDD, uint.MaxValue), Pack.String("x"))));
        list.AfterHello("Map32CountMax", ClosedByServer,
            Wire.EchoRequest(s_echo, Wire.Concat([0x91], Pack.Header32(0xDF, uint.MaxValue))));
        list.Bytes("HelloStr32LengthMax", ClosedByServer, Wire.Message(0, 0, 0, Wire.Hello,
            Wire.Concat([0x97, 0x01], Pack.Header32(0xDB, uint.MaxValue), "abc"u8.ToArray())));
        return list;
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

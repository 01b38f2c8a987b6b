using IpcGen.Samples.EchoServer;
using static IpcGen.Hostile.Tests.Cases.Ending;

namespace IpcGen.Hostile.Tests.Cases;

/// <summary>Attacks on the transport's framing: frame headers, lengths, frame types, acknowledgements, slow and
/// abrupt writers.</summary>
internal static class FramingCases
{
    private const uint MaxPayload = IpcLimits.MaxPayloadBytes;

    public static IEnumerable<CaseList> All()
    {
        yield return TruncatedHeader();
        yield return TruncatedPayload();
        yield return PayloadOverLimit();
        yield return SizeOverflow();
        yield return UnknownFrameType();
        yield return ReservedByte();
        yield return BadAcknowledgement();
        yield return SlowLoris();
        yield return AbruptClose();
    }

    private static byte[] EchoFrame(string text = "x") =>
        Wire.EchoRequest(EchoServiceMessages.Echo.Id, Wire.Strings(text));

    private static CaseList TruncatedHeader()
    {
        var list = new CaseList("TruncatedHeader");
        for (int length = 1; length < Wire.FrameHeaderSize; length++)
        {
            list.Bytes($"{length}BytesBeforeHello", ClosedAfterEndOfStream, EchoFrame()[..length]);
            list.AfterHello($"{length}BytesAfterHello", ClosedAfterEndOfStream, EchoFrame()[..length]);
        }

        return list;
    }

    private static CaseList TruncatedPayload()
    {
        var list = new CaseList("TruncatedPayload");
        foreach (var (declared, sent) in new (uint, int)[]
                 { (16, 0), (16, 15), (100, 50), (4096, 1), (65536, 65535), (1 << 20, 1 << 19) })
        {
            list.AfterHello($"Declared{declared}Sent{sent}", ClosedAfterEndOfStream,
                Wire.Concat(Wire.Header(declared), new byte[sent]));
        }

        var hello = Wire.HelloFrame();
        list.Bytes("HelloMissingLastByte", ClosedAfterEndOfStream, hello[..^1]);
        list.Bytes("HelloHalf", ClosedAfterEndOfStream, hello[..(hello.Length / 2)]);
        return list;
    }

    private static CaseList PayloadOverLimit()
    {
        var list = new CaseList("PayloadOverLimit");
        foreach (uint declared in new[] { MaxPayload + 1, MaxPayload + 4096, 100u << 20, (uint)int.MaxValue })
        {
            list.Bytes($"Declared{declared}BeforeHello", ClosedByServer, Wire.Header(declared));
            list.AfterHello($"Declared{declared}AfterHello", ClosedByServer, Wire.Header(declared));
        }

        // Under the transport's limit but over the endpoint's: the decoder rejects the whole message.
        list.AfterHello("EchoEndpointLimitPlusOne", ClosedByServer, Wire.EchoRequest(
            EchoServiceMessages.EchoBytes.Id,
            Wire.Binary(new byte[EchoLimits.MaxEchoPayloadBytes - Wire.ConnectionHeaderSize + 1])));
        list.AfterHello("ChecksumEndpointLimitPlusOne", ClosedByServer, Wire.ChecksumRequest(
            ChecksumServiceMessages.Sha256.Id,
            Wire.Binary(new byte[EchoLimits.MaxChecksumPayloadBytes - Wire.ConnectionHeaderSize + 1])),
            Target.Checksum);
        return list;
    }

    private static CaseList SizeOverflow()
    {
        var list = new CaseList("SizeOverflow");
        list.AfterHello("LengthMax", ClosedByServer, Wire.Header(uint.MaxValue));
        list.AfterHello("LengthMaxMinusHeader", ClosedByServer, Wire.Header(uint.MaxValue - 7));
        list.AfterHello("LengthWrapsWithHeader", ClosedByServer, Wire.Header(uint.MaxValue - 6));
        list.AfterHello("LengthMaxCountMax", ClosedByServer, Wire.Header(uint.MaxValue, ushort.MaxValue));
        list.AfterHello("LengthSignBit", ClosedByServer, Wire.Header(0x8000_0000));
        list.AfterHello("LengthIntMaxMinusHeader", ClosedByServer, Wire.Header(int.MaxValue - 7));
        list.AfterHello("AcknowledgementLengthMax", ClosedByServer,
            Wire.Header(uint.MaxValue, 1, Wire.Acknowledgement));
        return list;
    }

    private static CaseList UnknownFrameType()
    {
        var list = new CaseList("UnknownFrameType");
        foreach (byte type in new byte[] { 2, 3, 0x7F, 0x80, 0xFF })
        {
            list.AfterHello($"Type{type}", ClosedByServer, Wire.Header(0, 0, type));
        }

        list.AfterHello("Type2WithPayload", ClosedByServer, Wire.Concat(Wire.Header(16, 0, 2), new byte[16]));
        list.Bytes("Type9BeforeHello", ClosedByServer, Wire.Header(0, 0, 9));
        return list;
    }

    private static CaseList ReservedByte()
    {
        var list = new CaseList("ReservedByte");
        foreach (byte reserved in new byte[] { 1, 0x80, 0xFF })
        {
            var frame = EchoFrame();
            frame[7] = reserved;
            list.AfterHello($"Message{reserved}", ClosedByServer, frame);
        }

        list.AfterHello("Acknowledgement1", ClosedByServer, Wire.Header(0, 0, Wire.Acknowledgement, 1));
        var hello = Wire.HelloFrame();
        hello[7] = 1;
        list.Bytes("Hello1", ClosedByServer, hello);
        list.AfterHello("EmptyMessage2", ClosedByServer, Wire.Header(0, 0, 0, 2));
        return list;
    }

    private static CaseList BadAcknowledgement()
    {
        var list = new CaseList("BadAcknowledgement");
        foreach (ushort count in new ushort[] { 1, 2, 128, ushort.MaxValue })
        {
            list.AfterHello($"Count{count}NothingSent", ClosedByServer, Wire.Header(0, count, Wire.Acknowledgement));
        }

        list.Bytes("Count1BeforeHello", ClosedByServer, Wire.Header(0, 1, Wire.Acknowledgement));
        list.AfterHello("Count1OnChecksum", ClosedByServer, Wire.Header(0, 1, Wire.Acknowledgement),
            Target.Checksum);
        foreach (uint length in new uint[] { 1, 16 })
        {
            list.AfterHello($"Payload{length}", ClosedByServer,
                Wire.Concat(Wire.Header(length, 0, Wire.Acknowledgement), new byte[length]));
        }

        // An acknowledgement of no descriptors is harmless, so the server may keep the connection.
        list.AfterHello("Count0Tolerated", ClosedAfterEndOfStream, Wire.Header(0, 0, Wire.Acknowledgement));
        list.Add("AfterEchoResponse", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.Concat(Wire.HelloFrame(), EchoFrame()));
            Assert.That(client.ReadMessage(Wire.Response, 1, TimeSpan.FromSeconds(10)), Is.Not.Null);
            client.Write(Wire.Header(0, 1, Wire.Acknowledgement));
        });
        return list;
    }

    private static CaseList SlowLoris()
    {
        var list = new CaseList("SlowLoris");
        list.Add("ByteByByteIsAnswered", ClosedAfterEndOfStream, (client, _) =>
        {
            client.WriteSlowly(Wire.Concat(Wire.HelloFrame(), EchoFrame("slow")), 1, TimeSpan.FromMilliseconds(1));
            Assert.That(client.ReadMessage(Wire.Response, 1, TimeSpan.FromSeconds(10)), Is.Not.Null,
                "no response to an echo request written one byte at a time");
        });
        list.AfterHello("PartialHeaderStalled", KeptOpen, EchoFrame()[..4]);
        list.AfterHello("MaxPayloadDeclaredStalled", KeptOpen, Wire.Header(MaxPayload));
        list.AfterHello("HalfPayloadStalled", KeptOpen, Wire.Concat(Wire.Header(4096), new byte[2048]));
        list.Add("DescriptorsWithStalledFrame", KeptOpen, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.Header(64, 3)[..1], TestDescriptors.DevNull(3));
        });
        list.Bytes("HelloStalled", KeptOpen, Wire.HelloFrame()[..20]);
        list.Add("SixteenConnectionsAtMaxPayload", KeptOpen, (client, server) =>
        {
            client.Write(Wire.Concat(Wire.HelloFrame(), Wire.Header(MaxPayload)));
            for (int i = 0; i < 15; i++)
            {
                var other = client.Keep(RawClient.Connect(server.SocketPath));
                other.Write(Wire.Concat(Wire.HelloFrame(), Wire.Header(MaxPayload)));
            }
        });
        return list;
    }

    private static CaseList AbruptClose()
    {
        var list = new CaseList("AbruptClose");
        list.AfterHello("HalfHeader", ClosedByClient, EchoFrame()[..4]);
        list.AfterHello("HalfPayload", ClosedByClient, EchoFrame()[..^3]);
        list.Add("DescriptorsInFlight", ClosedByClient, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.Header(64, 2)[..1], TestDescriptors.DevNull(2));
        });
        list.AfterHello("AfterSyncRequest", ClosedByClient, EchoFrame());
        list.Bytes("MidHello", ClosedByClient, Wire.HelloFrame()[..^5]);
        list.AfterHello("AsyncRequestRunning", ClosedByClient, Wire.Message(Wire.EchoMagic,
            EchoServiceMessages.EchoLaterAsync.Id, 1, Wire.AsyncRequest, Pack.Array(Pack.String("x"),
                Pack.Integer(5000))));
        list.Add("AttachmentReadRunning", ClosedByClient, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.EchoRequest(EchoServiceMessages.EchoAttachment.Id, Wire.Integer(0), 1),
                TestDescriptors.PipeLeftOpen(client, "x"u8.ToArray()));
        });
        list.Add("ClosedBeforeAccept", ClosedByClient, (client, server) =>
        {
            for (int i = 0; i < 32; i++)
            {
                RawClient.Connect(server.SocketPath).Dispose();
            }
        });
        list.Add("HalfHalfClose", ClosedAfterEndOfStream, (client, _) =>
            client.Write(Wire.Concat(Wire.HelloFrame(), EchoFrame()[..^1])));
        return list;
    }
}

using IpcGen.Samples.EchoServer;
using static IpcGen.Hostile.Tests.Cases.Ending;

namespace IpcGen.Hostile.Tests.Cases;

/// <summary>Attacks with descriptors: counts over the limits, missing or stray descriptors, floods, truncated
/// control data and descriptors that a handler cannot read to an end.</summary>
internal static class DescriptorCases
{
    private static readonly TimeSpan s_responseTimeout = TimeSpan.FromSeconds(10);

    public static IEnumerable<CaseList> All()
    {
        yield return CountOverLimit();
        yield return MoreDeclaredThanSent();
        yield return StrayDescriptors();
        yield return Flood();
        yield return ControlDataTruncated();
        yield return HostileAttachments();
    }

    private static byte[] AttachmentRequest(int declared, long index = 0) =>
        Wire.EchoRequest(EchoServiceMessages.EchoAttachment.Id, Wire.Integer(index), declared);

    private static CaseList CountOverLimit()
    {
        var list = new CaseList("DescriptorCountOverLimit");
        foreach (ushort count in new ushort[] { 129, 200, 1000, ushort.MaxValue })
        {
            list.AfterHello($"Declared{count}", ClosedByServer, AttachmentRequest(count));
        }

        // Under the transport's limit of 128 but over the endpoint's limit of 1.
        list.Add("EchoEndpointTwoSent", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(AttachmentRequest(2), TestDescriptors.DevNull(2));
        });
        list.Add("ChecksumEndpointTwoSent", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.HelloFrame(Target.Checksum));
            client.Write(Wire.ChecksumRequest(ChecksumServiceMessages.Sha256OfAttachment.Id, Wire.Integer(0), 2),
                TestDescriptors.DevNull(2));
        }, Target.Checksum);
        list.Add("MessageWithoutAttachmentParameter", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.EchoRequest(EchoServiceMessages.Echo.Id, Wire.Strings("x"), 1),
                TestDescriptors.DevNull(1));
        });
        return list;
    }

    private static CaseList MoreDeclaredThanSent()
    {
        var list = new CaseList("MoreDescriptorsDeclaredThanSent");
        list.AfterHello("Declared1Sent0", ClosedByServer, AttachmentRequest(1));
        list.Add("Declared2Sent1", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(AttachmentRequest(2), TestDescriptors.DevNull(1));
        });
        list.Add("Declared128Sent64", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(AttachmentRequest(128), TestDescriptors.DevNull(64));
        });
        list.Bytes("Declared5Sent0BeforeHello", ClosedByServer, AttachmentRequest(5));
        // The descriptor comes with the next frame's first byte. When one recvmsg returns both writes, the
        // transport cannot tell which bytes it came with and lends it to this frame, so either outcome is allowed.
        list.Add("Declared1SentWithNextFrame", ClosedAfterEndOfStream, (client, _) =>
        {
            client.Write(Wire.Concat(Wire.HelloFrame(), AttachmentRequest(1)));
            client.Write(Wire.Header(16)[..1], TestDescriptors.DevNull(1));
        });
        return list;
    }

    private static CaseList StrayDescriptors()
    {
        // Descriptors that arrive with a frame declaring none belong to no message: they wait, unclaimed, until
        // a later frame claims them or the connection ends, and must then be closed.
        var list = new CaseList("DescriptorsWithoutFrame");
        list.Add("OneWithEcho", ClosedAfterEndOfStream, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.EchoRequest(EchoServiceMessages.Echo.Id, Wire.Strings("x")), TestDescriptors.DevNull(1));
        });
        list.Add("SixtyFourWithEcho", ClosedAfterEndOfStream, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.EchoRequest(EchoServiceMessages.Echo.Id, Wire.Strings("x")),
                TestDescriptors.DevNull(64));
        });
        list.Add("WithHello", ClosedAfterEndOfStream, (client, _) =>
            client.Write(Wire.HelloFrame(), TestDescriptors.DevNull(2)));
        list.Add("HelloDeclaringOne", ClosedByServer, (client, _) =>
            client.Write(Wire.Message(0, 0, 0, Wire.Hello, Wire.ValidHelloBody(Target.Echo), 1),
                TestDescriptors.DevNull(1)));
        list.Add("OnlyDescriptorsAndOneByte", ClosedAfterEndOfStream, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.Header(0)[..1], TestDescriptors.DevNull(8));
        });
        return list;
    }

    private static CaseList Flood()
    {
        var list = new CaseList("DescriptorFlood");
        foreach (var (perSend, sends) in new[] { (64, 9), (32, 17), (50, 11), (1, 513) })
        {
            list.Add($"{sends}SendsOf{perSend}", ClosedByServer, (client, _) =>
            {
                client.Write(Wire.Concat(Wire.HelloFrame(), Wire.Header(4096)));
                for (int i = 0; i < sends && client.Write([0], TestDescriptors.DevNull(perSend)); i++)
                {
                }
            });
        }

        list.Add("WholeFramesDeclaringNone", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            var frame = Wire.Message(Wire.EchoMagic, EchoServiceMessages.Notify.Id, 0, Wire.OneWay,
                Wire.Strings("flood"));
            for (int i = 0; i < 9 && client.Write(frame, TestDescriptors.DevNull(64)); i++)
            {
            }
        });
        list.Add("BeforeHello", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.Header(4096));
            for (int i = 0; i < 9 && client.Write([0], TestDescriptors.DevNull(64)); i++)
            {
            }
        });
        return list;
    }

    private static CaseList ControlDataTruncated()
    {
        // The server's control buffer has room for 64 descriptors per recvmsg, so more make the kernel set
        // MSG_CTRUNC.
        var list = new CaseList("DescriptorsPerSendOverReceiveLimit");
        foreach (int count in new[] { 65, 100, 200, 253 })
        {
            list.Add($"Sent{count}", ClosedByServer, (client, _) =>
            {
                client.Write(Wire.HelloFrame());
                client.Write(AttachmentRequest(Math.Min(count, 128)), TestDescriptors.DevNull(count));
            });
        }

        return list;
    }

    private static CaseList HostileAttachments()
    {
        // Valid messages whose descriptor a handler cannot read to an end: the handler must give up within its
        // bound and send an error response, and the descriptor must be closed.
        var list = new CaseList("HostileAttachment");
        list.Add("PipeLeftOpen", ClosedAfterEndOfStream, (client, _) =>
            SendAndExpectError(client, Target.Echo, TestDescriptors.PipeLeftOpen(client, "x"u8.ToArray())));
        list.Add("DevZero", ClosedAfterEndOfStream, (client, _) =>
            SendAndExpectError(client, Target.Echo, TestDescriptors.DevZero()));
        list.Add("DevZeroChecksum", ClosedAfterEndOfStream, (client, _) =>
            SendAndExpectError(client, Target.Checksum, TestDescriptors.DevZero()), Target.Checksum);
        list.Add("PipeLeftOpenChecksum", ClosedAfterEndOfStream, (client, _) =>
            SendAndExpectError(client, Target.Checksum, TestDescriptors.PipeLeftOpen(client, [1])), Target.Checksum);
        list.Add("WriteOnlyEnd", ClosedAfterEndOfStream, (client, _) =>
            SendAndExpectError(client, Target.Echo, TestDescriptors.WriteOnlyEnd(client)));
        list.Add("ClientsOwnSocket", ClosedAfterEndOfStream, (client, _) =>
            SendAndExpectError(client, Target.Echo, [client.DescriptorNumber]));
        list.Add("OverEchoLimit", ClosedAfterEndOfStream, (client, _) =>
            SendAndExpectError(client, Target.Echo,
                TestDescriptors.FileWithContent(client, new byte[EchoLimits.MaxEchoBytes + 1])));
        return list;
    }

    private static void SendAndExpectError(RawClient client, Target target, int[] descriptors)
    {
        var request = target == Target.Echo
            ? AttachmentRequest(1)
            : Wire.ChecksumRequest(ChecksumServiceMessages.Sha256OfAttachment.Id, Wire.Integer(0), 1);
        client.Write(Wire.HelloFrame(target));
        client.Write(request, descriptors);
        Assert.That(client.ReadMessage(Wire.Response | Wire.ErrorResponse, 1, s_responseTimeout), Is.Not.Null,
            "the server sent no error response for an attachment it cannot read to an end");
    }
}

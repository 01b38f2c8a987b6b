using IpcGen.Samples.EchoServer;
using static IpcGen.Hostile.Tests.Cases.Ending;

namespace IpcGen.Hostile.Tests.Cases;

/// <summary>Attacks on the connection layer: endpoint magics, message ids, responses, the hello handshake, the
/// connection header's flags and control messages.</summary>
internal static class ConnectionCases
{
    private static readonly SampleClientDescriptor s_client = SampleClientDescriptor.Instance;
    private static readonly EchoServiceDescriptor s_echo = EchoServiceDescriptor.Instance;
    private static readonly ChecksumServiceDescriptor s_checksum = ChecksumServiceDescriptor.Instance;

    public static IEnumerable<CaseList> All()
    {
        yield return UnknownMagic();
        yield return UnknownMessageId();
        yield return ResponseWithoutRequest();
        yield return MessageBeforeHello();
        yield return BadHello();
        yield return FlagMisuse();
        yield return ControlMisuse();
    }

    private static byte[] EchoBody => Wire.Strings("x");

    private static CaseList UnknownMagic()
    {
        var list = new CaseList("UnknownEndpointMagic");
        foreach (uint magic in new[] { 0xDEADBEEF, 1u, uint.MaxValue })
        {
            list.AfterHello($"Magic{magic:X8}", ClosedByServer,
                Wire.Message(magic, EchoServiceMessages.Echo.Id, 1, Wire.SyncRequest, EchoBody));
        }

        list.AfterHello("ChecksumMagicOnEcho", ClosedByServer,
            Wire.Message(Wire.ChecksumMagic, ChecksumServiceMessages.Sha256.Id, 1, Wire.SyncRequest, Wire.Binary([1])));
        list.AfterHello("ClientMagicRequest", ClosedByServer,
            Wire.Message(Wire.ClientMagic, EchoServiceMessages.Echo.Id, 1, Wire.SyncRequest, EchoBody));
        list.AfterHello("EchoMagicOnChecksum", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.Echo.Id, 1, Wire.SyncRequest, EchoBody), Target.Checksum);
        return list;
    }

    private static CaseList UnknownMessageId()
    {
        var list = new CaseList("UnknownMessageId");
        foreach (uint id in new[] { 0u, 1u, uint.MaxValue })
        {
            list.AfterHello($"Id{id:X8}", ClosedByServer, Wire.EchoRequest(id, EchoBody));
        }

        list.AfterHello("ResponseIdAsRequest", ClosedByServer,
            Wire.EchoRequest(EchoServiceMessages.Echo.Id | Wire.ResponseBit, EchoBody));
        list.AfterHello("ChecksumIdOnEcho", ClosedByServer,
            Wire.EchoRequest(ChecksumServiceMessages.Sha256.Id, Wire.Binary([1])));
        list.AfterHello("EchoIdOnChecksum", ClosedByServer,
            Wire.ChecksumRequest(EchoServiceMessages.EchoBytes.Id, Wire.Binary([1])), Target.Checksum);
        return list;
    }

    private static CaseList ResponseWithoutRequest()
    {
        // The server never calls its clients, so no response can be pending.
        var list = new CaseList("ResponseWithoutRequest");
        foreach (uint requestId in new[] { 1u, 0u, uint.MaxValue })
        {
            list.AfterHello($"ClientMagicRequest{requestId}", ClosedByServer, Wire.Message(Wire.ClientMagic,
                EchoServiceMessages.Echo.Id | Wire.ResponseBit, requestId, Wire.Response, EchoBody));
        }

        list.AfterHello("EchoMagic", ClosedByServer, Wire.Message(Wire.EchoMagic,
            EchoServiceMessages.Echo.Id | Wire.ResponseBit, 1, Wire.Response, EchoBody));
        list.AfterHello("ErrorResponse", ClosedByServer, Wire.Message(0, 0, 5, Wire.Response | Wire.ErrorResponse,
            Wire.Strings("System.Exception", "boom")));
        list.AfterHello("OnChecksum", ClosedByServer, Wire.Message(Wire.ClientMagic, 7, 1, Wire.Response,
            Wire.NoArguments()), Target.Checksum);
        return list;
    }

    private static CaseList MessageBeforeHello()
    {
        var list = new CaseList("MessageBeforeHello");
        list.Bytes("SyncRequest", ClosedByServer, Wire.EchoRequest(EchoServiceMessages.Echo.Id, EchoBody));
        list.Bytes("OneWay", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.Notify.Id, 0, Wire.OneWay, EchoBody));
        list.Bytes("AsyncRequest", ClosedByServer, Wire.Message(Wire.EchoMagic, EchoServiceMessages.EchoLaterAsync.Id,
            1, Wire.AsyncRequest, Pack.Array(Pack.String("x"), Pack.Integer(0))));
        list.Bytes("Cancel", ClosedByServer, Wire.Message(0, 0, 1, Wire.Cancel, [Pack.Nil]));
        list.Bytes("ErrorResponse", ClosedByServer,
            Wire.Message(0, 0, 1, Wire.Response | Wire.ErrorResponse, Wire.Strings("E", "m")));
        list.Bytes("Response", ClosedByServer, Wire.Message(Wire.ClientMagic, 1, 1, Wire.Response, EchoBody));
        list.Bytes("OnChecksum", ClosedByServer, Wire.ChecksumRequest(ChecksumServiceMessages.Sha256.Id,
            Wire.Binary([1])));
        return list;
    }

    private static byte[] HelloFrame(byte[] body, uint messageId = 0, uint flags = Wire.Hello) =>
        Wire.Message(0, messageId, 0, flags, body);

    private static byte[] Hello(uint version = Wire.ProtocolVersion, uint? localMagic = null, ulong? localShape = null,
        uint? peerMagic = null, ulong? peerShape = null, string? localName = null) => HelloFrame(Wire.HelloBody(
        version, localName ?? s_client.Name, localMagic ?? s_client.Magic, localShape ?? s_client.ShapeHash,
        s_echo.Name, peerMagic ?? s_echo.Magic, peerShape ?? s_echo.ShapeHash));

    private static CaseList BadHello()
    {
        var list = new CaseList("BadHello");
        list.Bytes("LocalShapeHash", ClosedByServer, Hello(localShape: s_client.ShapeHash ^ 1));
        list.Bytes("PeerShapeHash", ClosedByServer, Hello(peerShape: s_echo.ShapeHash ^ 0x8000_0000_0000_0000));
        list.Bytes("LocalMagic", ClosedByServer, Hello(localMagic: s_client.Magic + 1));
        list.Bytes("PeerMagic", ClosedByServer, Hello(peerMagic: 0));
        list.Bytes("Swapped", ClosedByServer, HelloFrame(Wire.HelloBody(Wire.ProtocolVersion, s_echo.Name, s_echo.Magic,
            s_echo.ShapeHash, s_client.Name, s_client.Magic, s_client.ShapeHash)));
        list.Bytes("ChecksumPeerOnEcho", ClosedByServer, HelloFrame(Wire.ValidHelloBody(Target.Checksum)));
        list.Add("EchoPeerOnChecksum", ClosedByServer,
            (client, _) => client.Write(HelloFrame(Wire.ValidHelloBody(Target.Echo))), Target.Checksum);
        list.Bytes("Version0", ClosedByServer, Hello(version: 0));
        list.Bytes("Version2", ClosedByServer, Hello(version: 2));
        list.Bytes("VersionMax", ClosedByServer, Hello(version: uint.MaxValue));
        list.Bytes("SixFields", ClosedByServer, HelloFrame(Pack.Array(Pack.Integer(1), Pack.String("a"),
            Pack.Integer(1), Pack.Integer(1), Pack.String("b"), Pack.Integer(1))));
        list.Bytes("EightFields", ClosedByServer, HelloFrame(Wire.Concat([0x98], Wire.ValidHelloBody(Target.Echo)[1..],
            [Pack.Nil])));
        list.Bytes("NilBody", ClosedByServer, HelloFrame([Pack.Nil]));
        list.Bytes("EmptyBody", ClosedByServer, HelloFrame([]));
        list.Bytes("MapBody", ClosedByServer, HelloFrame([0x80]));
        list.Bytes("MessageId1", ClosedByServer, HelloFrame(Wire.ValidHelloBody(Target.Echo), messageId: 1));
        list.Bytes("WithSyncFlag", ClosedByServer,
            HelloFrame(Wire.ValidHelloBody(Target.Echo), flags: Wire.Hello | Wire.SyncRequest));
        list.Bytes("NameOverLimit", ClosedByServer, Hello(localName: new string('n', 4097)));
        list.Bytes("ShapeHashAsString", ClosedByServer, HelloFrame(Pack.Array(Pack.Integer(1), Pack.String("a"),
            Pack.Integer(s_client.Magic), Pack.String("hash"), Pack.String("b"), Pack.Integer(s_echo.Magic),
            Pack.Integer((long)s_echo.ShapeHash))));
        list.AfterHello("Second", ClosedByServer, Wire.HelloFrame());
        list.Bytes("NegativeVersion", ClosedByServer, HelloFrame(Wire.Concat([0x97], Pack.Integer(-1),
            Wire.ValidHelloBody(Target.Echo)[2..])));
        return list;
    }

    private static CaseList FlagMisuse()
    {
        var list = new CaseList("FlagMisuse");
        byte[] laterBody = Pack.Array(Pack.String("x"), Pack.Integer(0));
        list.AfterHello("SyncFlagOnOneWay", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.Notify.Id, 1, Wire.SyncRequest, EchoBody));
        list.AfterHello("AsyncFlagOnOneWay", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.Notify.Id, 1, Wire.AsyncRequest, EchoBody));
        list.AfterHello("OneWayFlagOnSync", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.Echo.Id, 0, Wire.OneWay, EchoBody));
        list.AfterHello("AsyncFlagOnSync", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.Echo.Id, 1, Wire.AsyncRequest, EchoBody));
        list.AfterHello("SyncFlagOnAsync", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.EchoLaterAsync.Id, 1, Wire.SyncRequest, laterBody));
        list.AfterHello("SyncRequestId0", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.Echo.Id, 0, Wire.SyncRequest, EchoBody));
        list.AfterHello("OneWayRequestId7", ClosedByServer,
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.Notify.Id, 7, Wire.OneWay, EchoBody));
        foreach (uint flags in new[] { 3u, 0x40u, uint.MaxValue, Wire.Cancel, Wire.Hello })
        {
            list.AfterHello($"Flags{flags:X}", ClosedByServer,
                Wire.Message(Wire.EchoMagic, EchoServiceMessages.Echo.Id, 1, flags, EchoBody));
        }

        list.AfterHello("ReusedAsyncRequestId", ClosedByServer, Wire.Concat(
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.EchoLaterAsync.Id, 9, Wire.AsyncRequest,
                Pack.Array(Pack.String("x"), Pack.Integer(2000))),
            Wire.Message(Wire.EchoMagic, EchoServiceMessages.EchoLaterAsync.Id, 9, Wire.AsyncRequest,
                Pack.Array(Pack.String("y"), Pack.Integer(2000)))));
        list.AfterHello("AsyncFlagOnSyncChecksum", ClosedByServer, Wire.Message(Wire.ChecksumMagic,
            ChecksumServiceMessages.Sha256.Id, 1, Wire.AsyncRequest, Wire.Binary([1])), Target.Checksum);
        return list;
    }

    private static CaseList ControlMisuse()
    {
        var list = new CaseList("ControlMisuse");
        list.AfterHello("CancelWithMessageId", ClosedByServer, Wire.Message(0, 1, 1, Wire.Cancel, [Pack.Nil]));
        list.Add("CancelWithAttachment", ClosedByServer, (client, _) =>
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.Message(0, 0, 1, Wire.Cancel, [Pack.Nil], 1), TestDescriptors.DevNull(1));
        });
        list.AfterHello("CancelBodyNotNil", ClosedByServer, Wire.Message(0, 0, 1, Wire.Cancel, [0x90]));
        list.AfterHello("CancelTrailingBytes", ClosedByServer, Wire.Message(0, 0, 1, Wire.Cancel, [Pack.Nil, 0]));
        list.AfterHello("ErrorResponseOneField", ClosedByServer,
            Wire.Message(0, 0, 1, Wire.Response | Wire.ErrorResponse, Wire.Strings("E")));
        list.AfterHello("ControlOneWay", ClosedByServer, Wire.Message(0, 0, 0, Wire.OneWay, [Pack.Nil]));
        list.AfterHello("CancelAndHelloFlags", ClosedByServer,
            Wire.Message(0, 0, 1, Wire.Cancel | Wire.Hello, [Pack.Nil]));
        list.Add("CancelForUnknownRequestTolerated", ClosedAfterEndOfStream, (client, _) =>
        {
            // A cancel can cross its request's response on the wire, so an unknown id is not a violation.
            client.Write(Wire.Concat(Wire.HelloFrame(), Wire.Message(0, 0, 77, Wire.Cancel, [Pack.Nil]),
                Wire.EchoRequest(EchoServiceMessages.Echo.Id, Wire.Strings("after cancel"))));
            Assert.That(client.ReadMessage(Wire.Response, 1, TimeSpan.FromSeconds(10)), Is.Not.Null,
                "the echo after a cancel for an unknown request got no response");
        });
        return list;
    }
}

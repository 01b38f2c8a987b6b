using System.Buffers;
using System.Collections.Concurrent;
using IpcGen.Runtime.TestPeer;
using MessagePack;

namespace IpcGen.Runtime.Tests.Connection;

/// <summary>
/// A hand-driven peer that plays <see cref="ITestHost"/> to a real worker connection and writes crafted frames,
/// for the tests of protocol violations.
/// </summary>
internal sealed class RawPeer : IDisposable, ITransportReceiver
{
    private readonly Transport _transport;

    public RawPeer(ConnectionOptions workerOptions)
    {
        var (raw, worker) = ConnectionPair.CreateUnixPair();
        _transport = raw;
        var service = new WorkerService();
        Worker = new Connection<ITestWorker, ITestHost>(worker, service, workerOptions);
        service.Host = Worker.Peer;
        Worker.Disconnected += (_, e) => Ended.TrySetResult(e);
        _transport.Start(this);
        Worker.Start();
    }

    public Connection<ITestWorker, ITestHost> Worker { get; }

    public TaskCompletionSource<ConnectionDisconnectedEventArgs> Ended { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static uint IdOf(EndpointDescriptor descriptor, string name) =>
        descriptor.Messages.Single(m => m.Name == name).Id;

    public void SendHello(ulong? hostShapeHash = null)
    {
        var host = TestHostDescriptor.Instance;
        var worker = TestWorkerDescriptor.Instance;
        var hello = new HelloMessage(
            HelloMessage.ProtocolVersion,
            new EndpointIdentity(host.Name, host.Magic, hostShapeHash ?? host.ShapeHash),
            EndpointIdentity.Of(worker));
        Send(new ConnectionHeader(0, 0, 0, MessageFlags.Hello),
            (ref MessagePackWriter w) => hello.Encode(ref w, new()));
    }

    public void Send(
        ConnectionHeader header, MessageBody body, byte[]? trailing = null, Attachment[]? attachments = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        header.Write(buffer.GetSpan(ConnectionHeader.Size));
        buffer.Advance(ConnectionHeader.Size);
        var writer = new MessagePackWriter(buffer);
        body(ref writer);
        writer.Flush();
        if (trailing is not null)
        {
            buffer.Write(trailing);
        }

        _transport.Send(buffer.WrittenSpan, attachments ?? []);
    }

    public ConnectionDisconnectedEventArgs WaitForDisconnect() => Wait.Result(Ended.Task, Wait.Long);

    /// <summary>Headers of the messages the worker sent, in order.</summary>
    public BlockingCollection<ConnectionHeader> Received { get; } = new();

    public void OnMessage(ReadOnlyMemory<byte> payload, Attachment[] attachments)
    {
        Received.Add(ConnectionHeader.Read(payload.Span));
    }

    public void OnDisconnected(TransportDisconnect disconnect)
    {
    }

    public void Dispose()
    {
        Worker.Dispose();
        _transport.Dispose();
    }

    /// <summary>Writes a message body.</summary>
    public delegate void MessageBody(ref MessagePackWriter writer);
}

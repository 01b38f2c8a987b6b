using IpcGen.Unix.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Tests;

/// <summary>Tests of <see cref="UnixTransportOptions.SendBufferBytes"/>.</summary>
[TestFixture]
public sealed class SendBufferTests
{
    [Test]
    public void DefaultOptions_EnlargeSendBuffer()
    {
        int systemDefault = SendBufferOf(new UnixTransportOptions { SendBufferBytes = 0 });
        int enlarged = SendBufferOf(new UnixTransportOptions());

        // The kernel caps the request at net.core.wmem_max, but even the usual cap of 208 KiB leaves the buffer
        // twice the default, because Linux doubles the value it is given.
        Assert.That(enlarged, Is.GreaterThan(systemDefault));
    }

    [Test]
    public void NegativeSize_Throws()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => _ = new UnixTransportOptions { SendBufferBytes = -1 });

        Assert.That(exception!.ParamName, Is.EqualTo("value"));
    }

    private static int SendBufferOf(UnixTransportOptions options)
    {
        var (transport, remote) = UnixTransport.CreatePaired(options);
        using var _ = transport;
        using var __ = remote.TakeAttachment();
        var socket = new SafeFileHandle(transport.SocketDescriptorNumber, ownsHandle: false);
        return SocketCalls.GetSendBufferSize(socket);
    }
}

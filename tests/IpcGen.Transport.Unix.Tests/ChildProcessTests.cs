using System.Text;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Tests;

public sealed class ChildProcessTests
{
    [Test]
    public void Child_ReadsTempFileAndPipe()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "file content");
            var (process, transport) = UnixChildProcess.Start(
                TestHelpers.TestPeer("read-descriptors", "--acknowledge"), TestHelpers.Acknowledging);
            using var _ = process;
            var receiver = new RecordingReceiver();
            transport.Start(receiver);
            using var file = File.OpenRead(path);

            transport.Send("read these"u8, [Attachment.DuplicateOf(file), TestHelpers.PipeWithContent("pipe content")]);
            string reply = Encoding.UTF8.GetString(receiver.Take().Payload);
            transport.Dispose();

            Assert.That(reply, Is.EqualTo("file content|pipe content"));
            Assert.That(TestHelpers.WaitForExit(process), Is.Zero);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Child_VariableClearedAndCloseOnExec()
    {
        var (process, transport) = UnixChildProcess.Start(TestHelpers.TestPeer("describe"));
        using var _ = process;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);

        string description = Encoding.UTF8.GetString(receiver.Take().Payload);
        transport.Dispose();

        Assert.That(description, Is.EqualTo("variable=;cloexec=True"));
        Assert.That(TestHelpers.WaitForExit(process), Is.Zero);
    }

    [Test]
    public void Start_ChildExits_ReportsPeerClosed()
    {
        var (process, transport) = UnixChildProcess.Start(TestHelpers.TestPeer("describe"));
        using var _ = process;
        using var __ = transport;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        receiver.Take();

        process.Kill();

        Assert.That(receiver.WaitForDisconnect().Reason, Is.EqualTo(DisconnectReason.PeerClosed));
    }

    [Test]
    public void FromInheritedDescriptor_MissingVariable_Throws()
    {
        Environment.SetEnvironmentVariable(UnixChildProcess.DescriptorVariable, null);

        var exception = Assert.Throws<InvalidOperationException>(() => UnixTransport.FromInheritedDescriptor());

        Assert.That(exception.Message, Does.Contain(UnixChildProcess.DescriptorVariable).And.Contain("not set"));
    }

    [Test]
    public void FromInheritedDescriptor_NotSocket_Throws()
    {
        using SafePipeHandle pipe = TestHelpers.PipeReadEnd();
        string number = pipe.DangerousGetHandle().ToString();
        Environment.SetEnvironmentVariable(UnixChildProcess.DescriptorVariable, number);
        try
        {
            var exception = Assert.Throws<InvalidOperationException>(() => UnixTransport.FromInheritedDescriptor());

            Assert.That(exception.Message, Does.Contain($"descriptor {number}").And.Contain("not an inherited"));
            Assert.That(OpenDescriptors.Target((int)pipe.DangerousGetHandle()), Does.StartWith("pipe:"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(UnixChildProcess.DescriptorVariable, null);
        }
    }

    [Test]
    public void FromInheritedDescriptor_NotNumber_Throws()
    {
        Environment.SetEnvironmentVariable(UnixChildProcess.DescriptorVariable, "seven");
        try
        {
            var exception = Assert.Throws<InvalidOperationException>(() => UnixTransport.FromInheritedDescriptor());

            Assert.That(exception.Message, Does.Contain("'seven'"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(UnixChildProcess.DescriptorVariable, null);
        }
    }
}

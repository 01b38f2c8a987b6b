using IpcGen.Unix.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Tests.Breaking;

/// <summary>A listener that never accepts fills its backlog; connecting to it (or probing it before listening on
/// the same path) fails in bounded time instead of blocking forever.</summary>
public sealed class ConnectBacklogTests
{
    private string _directory = null!;
    private SafeFileHandle _listening = null!;
    private readonly List<SafeFileHandle> _pending = [];

    private string SocketPath => Path.Combine(_directory, "s.sock");

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("ipcgen-").FullName;
        _listening = SocketCalls.CreateSocket(nonBlocking: true);
        Assert.That(SocketCalls.Bind(_listening, SocketPath, out _), Is.Zero);
        Assert.That(Libc.Listen(_listening, 0), Is.Zero);

        // Non-blocking connects fill the backlog until connect fails with EAGAIN.
        for (int i = 0; i < 16; i++)
        {
            var socket = SocketCalls.CreateSocket(nonBlocking: true);
            _pending.Add(socket);
            if (SocketCalls.Connect(socket, SocketPath, out int errno) != 0)
            {
                Assert.That(errno, Is.EqualTo(Native.ErrorAgain));
                return;
            }
        }

        Assert.Fail("The backlog of the listening socket did not fill.");
    }

    [TearDown]
    public void TearDown()
    {
        // Closing the listening socket also wakes a connect that still blocks on it.
        _listening.Dispose();
        _pending.ForEach(socket => socket.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void Connect_ListenerNotAccepting_FailsInTime()
    {
        var options = new UnixTransportOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) };

        var connecting = Task.Run(() => UnixTransport.Connect(SocketPath, options));
        bool completed = ((Task)connecting).ContinueWith(_ => { }).Wait(TimeSpan.FromSeconds(5));

        Assert.That(completed, Is.True, "Connect blocked on a listener that does not accept");
        Assert.That(connecting.Exception?.InnerException, Is.TypeOf<IOException>());
        Assert.That(connecting.Exception!.InnerException!.Message, Does.Contain(SocketPath).And.Contain("backlog"));
    }

    [Test]
    public void Listen_WhereListenerNotAccepting_ThrowsInUse()
    {
        var listening = Task.Run(() => UnixListener.Listen(SocketPath));
        bool completed = ((Task)listening).ContinueWith(_ => { }).Wait(TimeSpan.FromSeconds(5));

        Assert.That(completed, Is.True, "Listen blocked while probing a listener that does not accept");
        Assert.That(listening.Exception?.InnerException, Is.TypeOf<IOException>());
        Assert.That(listening.Exception!.InnerException!.Message, Does.Contain("Another process is listening"));
    }
}

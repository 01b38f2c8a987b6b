using System.Text;
using IpcGen.Integration.Peer;

namespace IpcGen.Integration.Tests;

/// <summary>Descriptors of real files travel to the peer process, which reads them, and back.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class AttachmentTests
{
    private PeerProcess _peer = null!;
    private string _folder = null!;

    private IWorker Worker => _peer.Worker;

    [OneTimeSetUp]
    public void StartPeer()
    {
        _folder = Directory.CreateTempSubdirectory("ipcgen-integration-").FullName;
        _peer = PeerProcess.Start();
    }

    [OneTimeTearDown]
    public void StopPeer()
    {
        _peer.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void File_ReadInPeer()
    {
        byte[] content = Encoding.UTF8.GetBytes("first line\nsecond line ünïcode\n");
        using var file = OpenWith(content);

        byte[] read = Worker.ReadFile(Attachment.DuplicateOf(file));

        Assert.That(read, Is.EqualTo(content));
    }

    [Test]
    public void File_Empty_ReadInPeer()
    {
        using var file = OpenWith([]);

        Assert.That(Worker.ReadFile(Attachment.DuplicateOf(file)), Is.Empty);
    }

    [Test]
    public void File_SentAttachmentReleased()
    {
        using var file = OpenWith([1, 2, 3]);
        var attachment = Attachment.DuplicateOf(file);

        Worker.ReadFile(attachment);

        Assert.That(attachment.IsOwned, Is.False);
    }

    [Test]
    public void FileList_AtMaxAttachments()
    {
        var files = Enumerable.Range(0, WorkerLimits.MaxAttachments).Select(i => OpenWith(new byte[i * 10])).ToList();
        try
        {
            var lengths = Worker.FileLengths(files.Select(Attachment.DuplicateOf).ToList());

            Assert.That(lengths, Is.EqualTo(Enumerable.Range(0, WorkerLimits.MaxAttachments).Select(i => i * 10L)));
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }
    }

    [Test]
    public void FileList_Empty()
    {
        Assert.That(Worker.FileLengths([]), Is.Empty);
    }

    [Test]
    public void ReturnedFile_SameFile()
    {
        using var file = OpenWith([7, 7, 7]);

        using var returned = Worker.ReturnFile(Attachment.DuplicateOf(file));
        using var stream = returned.TakeAsStream(FileAccess.Read);

        Assert.That(stream.Length, Is.EqualTo(3));
        Assert.That(OpenFileOf(stream), Is.EqualTo(OpenFileOf(file)), "the returned descriptor is the file sent");
    }

    [Test]
    public void CreatedFile_ReadHere()
    {
        string text = "made in the peer: " + new string('ß', 1000);

        using var created = Worker.CreateFile(text);
        using var stream = created.TakeAsStream(FileAccess.Read);
        using var reader = new StreamReader(stream, Encoding.UTF8);

        Assert.That(reader.ReadToEnd(), Is.EqualTo(text));
    }

    private FileStream OpenWith(byte[] content)
    {
        string path = Path.Combine(_folder, Path.GetRandomFileName());
        File.WriteAllBytes(path, content);
        return File.OpenRead(path);
    }

    /// <summary>Returns the path that /proc/self/fd gives for the stream's descriptor.</summary>
    private static string? OpenFileOf(FileStream stream) =>
        new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
}

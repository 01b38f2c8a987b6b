namespace IpcGen.Unix.Tests.Breaking;

/// <summary>Listening on a path that names something other than a socket is an error that leaves the file in
/// place.</summary>
public sealed class ListenerPathTests
{
    [Test]
    public void Listen_OnRegularFile_KeepsFile()
    {
        string directory = Directory.CreateTempSubdirectory("ipcgen-").FullName;
        try
        {
            string path = Path.Combine(directory, "data.txt");
            File.WriteAllText(path, "precious");

            var exception = Assert.Catch(() => UnixListener.Listen(path).Dispose());

            Assert.That(exception, Is.TypeOf<IOException>());
            Assert.That(exception!.Message, Does.Contain(path));
            Assert.That(File.Exists(path), Is.True);
            Assert.That(File.ReadAllText(path), Is.EqualTo("precious"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

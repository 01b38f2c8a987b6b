using System.Text;
using System.Text.RegularExpressions;

namespace IpcGen.Samples.Tests;

/// <summary>The file hasher sample on a folder of known files, compared with sha256sum, stat and wc.</summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class FileHasherTests
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(90);

    private static readonly string[] s_files =
    [
        "empty",
        "no trailing newline.txt",
        "lines.txt",
        "large.bin",
        Path.Combine("nested", "deeper", "deepest", "leaf.txt"),
        Path.Combine("nested", "sibling.txt"),
        "naïve ünïcode 日本語 name.txt",
    ];

    private string _folder = null!;
    private ProcessRun _run = null!;
    private Dictionary<string, HashRow> _rows = null!;

    [OneTimeSetUp]
    public void HashKnownFolder()
    {
        _folder = Directory.CreateTempSubdirectory("ipcgen-hasher-").FullName;
        Write("empty", []);
        Write("no trailing newline.txt", Encoding.UTF8.GetBytes("one\ntwo\nthree without newline"));
        Write("lines.txt", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line ünï\n", 1000))));
        Write("large.bin", RandomBytes(20 * 1024 * 1024));
        Write(Path.Combine("nested", "deeper", "deepest", "leaf.txt"), Encoding.UTF8.GetBytes("leaf\n"));
        Write(Path.Combine("nested", "sibling.txt"), Encoding.UTF8.GetBytes("\n\n\n"));
        Write("naïve ünïcode 日本語 name.txt", Encoding.UTF8.GetBytes("utf-8 name\n"));

        _run = Samples.FileHasher(s_runTimeout, _folder, "--workers", "2");
        _rows = HashRow.ParseAll(_run.Output);
    }

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void KnownFolder_ExitsZero()
    {
        Assert.That(_run.ExitCode, Is.Zero, _run.ToString());
    }

    [Test]
    public void KnownFolder_EveryFileOnce()
    {
        Assert.That(_rows.Keys, Is.EquivalentTo(s_files), _run.ToString());
    }

    [Test]
    public void KnownFolder_DigestsMatchSha256sum()
    {
        foreach (string file in s_files)
        {
            Assert.That(RowOf(file).Sha256, Is.EqualTo(Tool.Sha256(FullPath(file))), file);
        }
    }

    [Test]
    public void KnownFolder_SizesMatchStat()
    {
        foreach (string file in s_files)
        {
            Assert.That(RowOf(file).Size, Is.EqualTo(Tool.Size(FullPath(file))), file);
        }
    }

    [Test]
    public void KnownFolder_LinesMatchWc()
    {
        foreach (string file in s_files)
        {
            Assert.That(RowOf(file).Lines, Is.EqualTo(Tool.Lines(FullPath(file))), file);
        }
    }

    [Test]
    public void KnownFolder_WorkersNumbered()
    {
        Assert.That(_rows.Values.Select(r => r.Worker), Is.All.InRange(1, 2), _run.ToString());
    }

    [Test]
    public void KnownFolder_TotalLine()
    {
        long bytes = s_files.Sum(f => new FileInfo(FullPath(f)).Length);

        Assert.That(_run.OutputLines, Has.One.EqualTo(
            $"total: {s_files.Length} files hashed, 0 failed, {bytes} bytes, " +
            $"{s_files.Sum(f => Tool.Lines(FullPath(f)))} lines in {_folder}"), _run.ToString());
        Assert.That(_run.OutputLines, Has.One.StartsWith("time: "), _run.ToString());
        Assert.That(_run.Error, Is.Empty, _run.ToString());
    }

    [Test]
    public void NoArguments_HashesRuntimeFolder()
    {
        var run = Samples.FileHasher(s_runTimeout);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.OutputLines,
            Has.One.Match(@"^total: [1-9]\d* files hashed, 0 failed, \d+ bytes, \d+ lines in /"), run.ToString());
        Assert.That(HashRow.ParseAll(run.Output).Values.Where(r => r.Sha256 is null), Is.Empty);
    }

    [Test]
    public void MissingFolder_ExitsTwo()
    {
        string missing = Path.Combine(_folder, "does-not-exist");

        var run = Samples.FileHasher(s_runTimeout, missing);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("error:").And.Contain(missing).And.Contain("does not exist"));
        AssertNoStackTrace(run);
    }

    [Test]
    public void DanglingLinkAndFifo_ListedAsErrors()
    {
        string folder = Directory.CreateTempSubdirectory("ipcgen-hasher-special-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "good.txt"), "good\n");
            File.CreateSymbolicLink(Path.Combine(folder, "dangling"), Path.Combine(folder, "missing-target"));
            var mkfifo = ProcessRun.Start("mkfifo", [Path.Combine(folder, "fifo")], TimeSpan.FromSeconds(30));
            Assert.That(mkfifo.ExitCode, Is.Zero, mkfifo.ToString());

            var run = Samples.FileHasher(s_runTimeout, folder, "--workers", "2");
            var rows = HashRow.ParseAll(run.Output);

            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(rows.Keys, Is.EquivalentTo(new[] { "good.txt", "dangling", "fifo" }), run.ToString());
            Assert.That(rows["good.txt"].Sha256, Is.EqualTo(Tool.Sha256(Path.Combine(folder, "good.txt"))));
            Assert.That(rows["dangling"].Error, Does.Contain("cannot open"), run.ToString());
            Assert.That(rows["fifo"].Error, Does.Contain("not a regular file"), run.ToString());
            Assert.That(run.OutputLines, Has.One.StartsWith("total: 1 files hashed, 2 failed"), run.ToString());
            AssertNoStackTrace(run);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void SymlinkLoops_EachFileOnceNoHang()
    {
        // Two links back up the tree: following folder links without remembering the folders already visited
        // lists 2^40 paths before ELOOP stops the descent.
        string folder = Directory.CreateTempSubdirectory("ipcgen-hasher-loop-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.txt"), "a\n");
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.CreateSymbolicLink(Path.Combine(folder, "sub", "up"), "..");
            File.CreateSymbolicLink(Path.Combine(folder, "sub", "again"), "..");

            var run = Samples.FileHasher(TimeSpan.FromSeconds(20), folder, "--workers", "2");

            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(HashRow.ParseAll(run.Output).Keys, Is.EquivalentTo(new[] { "a.txt" }), run.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void CrashWorkerAfterTwo_ExitsOne()
    {
        string folder = Directory.CreateTempSubdirectory("ipcgen-hasher-crash-").FullName;
        try
        {
            for (int i = 0; i < 12; i++)
            {
                File.WriteAllText(Path.Combine(folder, $"file{i:D2}.txt"), $"content {i}\n");
            }

            var run = Samples.FileHasher(s_runTimeout, folder, "--workers", "2", "--crash-worker-after", "2");
            var rows = HashRow.ParseAll(run.Output);

            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Error, Does.Match(@"error: worker [12] \(pid \d+\) exited while hashing 'file\d\d\.txt'"),
                run.ToString());
            Assert.That(rows, Has.Count.EqualTo(12), run.ToString());
            Assert.That(run.OutputLines, Has.One.StartsWith("total: 4 files hashed, 8 failed"), run.ToString());
            foreach (var row in rows.Values.Where(r => r.Sha256 is not null))
            {
                Assert.That(row.Sha256, Is.EqualTo(Tool.Sha256(Path.Combine(folder, row.Path))), row.Path);
            }

            AssertNoStackTrace(run);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private HashRow RowOf(string file)
    {
        Assert.That(_rows.TryGetValue(file, out var row), Is.True, $"a row for {file}: {_run}");
        return row!;
    }

    private string FullPath(string file) => Path.Combine(_folder, file);

    private void Write(string file, byte[] content)
    {
        string path = FullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(20).NextBytes(bytes);
        return bytes;
    }

    private static void AssertNoStackTrace(ProcessRun run)
    {
        string all = run.Output + run.Error;
        Assert.That(Regex.IsMatch(all, @"^\s+at ", RegexOptions.Multiline), Is.False, $"a stack trace: {run}");
        Assert.That(all, Does.Not.Contain("Unhandled exception"), run.ToString());
    }
}

using System.Runtime.CompilerServices;
using System.Text;

namespace IpcGen.Generator.Tests.Infrastructure;

/// <summary>Compares generated text with an approved file under Snapshots/. Set IPCGEN_UPDATE_SNAPSHOTS=1 to
/// rewrite the approved files instead.</summary>
internal static class Snapshot
{
    public static string ProjectDirectory([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;

    public static string EndpointSource(string fileName) =>
        File.ReadAllText(Path.Combine(ProjectDirectory(), "Endpoints", fileName));

    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(ProjectDirectory(), "Snapshots", name + ".g.cs");
        if (Environment.GetEnvironmentVariable("IPCGEN_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.That(File.Exists(path), Is.True,
            $"No approved snapshot at {path}; run the tests with IPCGEN_UPDATE_SNAPSHOTS=1 to create it.");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            Assert.Fail($"Generated code differs from {path} (run with IPCGEN_UPDATE_SNAPSHOTS=1 to approve it):\n" +
                Diff(expected, actual));
        }
    }

    /// <summary>Lists the differing lines with line numbers, at most 40 of them.</summary>
    private static string Diff(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var diff = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length) && shown < 40; i++)
        {
            var left = i < expectedLines.Length ? expectedLines[i] : "<missing>";
            var right = i < actualLines.Length ? actualLines[i] : "<missing>";
            if (left != right)
            {
                diff.Append($"line {i + 1}:\n- {left}\n+ {right}\n");
                shown++;
            }
        }

        return diff.ToString();
    }
}

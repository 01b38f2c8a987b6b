using System.Globalization;

namespace IpcGen.Samples.FileHasher;

/// <summary>Prints the table of digests and the totals.</summary>
internal static class Report
{
    public static void Print(
        TextWriter output, string root, IReadOnlyList<FileResult> results, int workerCount, TimeSpan elapsed,
        long progressMessages)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine($"{"SHA-256",-64}  {"BYTES",12}  {"LINES",9}  {"WORKER",6}  PATH");
        foreach (var result in results)
        {
            if (result.Digest is { } digest)
            {
                output.WriteLine(string.Create(culture,
                    $"{digest.Sha256,-64}  {digest.Size,12}  {digest.Lines,9}  {result.WorkerNumber,6}  " +
                    $"{result.File.RelativePath}"));
            }
            else
            {
                output.WriteLine($"{"error",-64}  {"-",12}  {"-",9}  {"-",6}  {result.File.RelativePath}: " +
                    result.Error);
            }
        }

        var hashed = results.Where(r => r.Digest is not null).ToList();
        long bytes = hashed.Sum(r => r.Digest!.Size);
        long lines = hashed.Sum(r => r.Digest!.Lines);
        int failed = results.Count - hashed.Count;
        double mebibytesPerSecond = bytes / 1048576.0 / Math.Max(elapsed.TotalSeconds, 1e-9);
        output.WriteLine(string.Create(culture,
            $"total: {hashed.Count} files hashed, {failed} failed, {bytes} bytes, {lines} lines in {root}"));
        output.WriteLine(string.Create(culture,
            $"time: {elapsed.TotalSeconds:F2} s with {workerCount} worker processes ({mebibytesPerSecond:F1} MiB/s), " +
            $"{progressMessages} progress messages"));
    }
}

using System.Text.RegularExpressions;

namespace IpcGen.Samples.Tests;

/// <summary>One row of the file hasher's table: a digest, or an error for a file that was not hashed.</summary>
/// <param name="Path">Path relative to the hashed folder.</param>
/// <param name="Sha256">Lowercase hexadecimal digest, or null for an error row.</param>
/// <param name="Size">Size in bytes, or -1 for an error row.</param>
/// <param name="Lines">Line count, or -1 for an error row.</param>
/// <param name="Worker">Number of the worker that hashed the file, or -1 for an error row.</param>
/// <param name="Error">The error text of an error row, or null.</param>
internal sealed partial record HashRow(string Path, string? Sha256, long Size, long Lines, int Worker, string? Error)
{
    /// <summary>Parses every table row of the sample's standard output and skips the other lines.</summary>
    public static Dictionary<string, HashRow> ParseAll(string output)
    {
        var rows = new Dictionary<string, HashRow>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n'))
        {
            var digest = DigestRow().Match(line);
            if (digest.Success)
            {
                var row = new HashRow(digest.Groups["path"].Value, digest.Groups["sha"].Value,
                    long.Parse(digest.Groups["size"].Value), long.Parse(digest.Groups["lines"].Value),
                    int.Parse(digest.Groups["worker"].Value), null);
                rows.Add(row.Path, row);
                continue;
            }

            var error = ErrorRow().Match(line);
            if (error.Success)
            {
                var row = new HashRow(error.Groups["path"].Value, null, -1, -1, -1, error.Groups["error"].Value);
                rows.Add(row.Path, row);
            }
        }

        return rows;
    }

    [GeneratedRegex(@"^(?<sha>[0-9a-f]{64})  +(?<size>\d+)  +(?<lines>\d+)  +(?<worker>\d+)  (?<path>.+)$")]
    private static partial Regex DigestRow();

    [GeneratedRegex(@"^error +- +- +- +(?<path>.+?): (?<error>.+)$")]
    private static partial Regex ErrorRow();
}

using System.Text;

namespace IpcGen.Generator.Benchmarks;

/// <summary>Builds the endpoint sources the benchmark runs the generator on.</summary>
internal static class EndpointSources
{
    /// <summary>An endpoint with <paramref name="methodCount"/> methods that cycle through the message kinds and
    /// common parameter types.</summary>
    public static string Large(int methodCount)
    {
        var text = new StringBuilder();
        text.AppendLine("namespace Bench;");
        text.AppendLine("[IpcGen.IpcEndpoint]");
        text.AppendLine("public partial interface ILarge");
        text.AppendLine("{");
        for (var i = 0; i < methodCount; i++)
        {
            text.AppendLine((i % 5) switch
            {
                0 => $"    void Post{i}(int id, string name, byte[] data);",
                1 => $"    int Call{i}(long a, double b, [IpcGen.MaxLength(64)] string? label);",
                2 => $"    Task<string> Fetch{i}(List<int> ids, CancellationToken cancellationToken);",
                3 => $"    Task Store{i}(Dictionary<string, int> values, Guid key, DateTime when);",
                _ => $"    [IpcGen.Sync] void Touch{i}(int[] items, TimeSpan timeout, bool flag);",
            });
        }

        text.AppendLine("}");
        return text.ToString();
    }

    /// <summary>An endpoint whose parameters nest collections <paramref name="depth"/> levels deep.</summary>
    public static string DeeplyNested(int methodCount, int depth)
    {
        var text = new StringBuilder();
        text.AppendLine("namespace Bench;");
        text.AppendLine("[IpcGen.IpcEndpoint]");
        text.AppendLine("public partial interface INested");
        text.AppendLine("{");
        for (var i = 0; i < methodCount; i++)
        {
            var type = "string?";
            for (var level = 0; level < depth; level++)
            {
                type = ((level + i) % 3) switch
                {
                    0 => $"List<{type}>",
                    1 => $"Dictionary<string, {type}>",
                    _ => $"IReadOnlyList<{type}>",
                };
            }

            text.AppendLine($"    {type} Nested{i}({type} value);");
        }

        text.AppendLine("}");
        return text.ToString();
    }
}

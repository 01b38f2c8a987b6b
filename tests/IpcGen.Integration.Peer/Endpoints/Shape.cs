using MessagePack;

namespace IpcGen.Integration.Peer;

/// <summary>A MessagePack record class with nested collections and a nullable member.</summary>
[MessagePackObject]
public sealed record Shape(
    [property: Key(0)] string Name,
    [property: Key(1)] List<Vector> Points,
    [property: Key(2)] Dictionary<string, double> Tags,
    [property: Key(3)] string? Comment)
{
    /// <summary>Compares the members by value, including the lists and maps.</summary>
    public bool Matches(Shape other) =>
        Name == other.Name && Comment == other.Comment && Points.SequenceEqual(other.Points)
        && Tags.Count == other.Tags.Count && Tags.All(t => other.Tags.TryGetValue(t.Key, out var v) && v == t.Value);
}

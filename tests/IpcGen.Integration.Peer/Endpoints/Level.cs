namespace IpcGen.Integration.Peer;

/// <summary>An enum over sbyte with negative and extreme values.</summary>
public enum Level : sbyte
{
    Lowest = sbyte.MinValue,
    Low = -1,
    Normal = 0,
    Highest = sbyte.MaxValue,
}

namespace IpcGen.Hostile.Tests.Cases;

/// <summary>One attack: a family, a name, the endpoint attacked, the script that writes the hostile bytes and
/// descriptors, and how the connection must end.</summary>
internal sealed record HostileCase(
    string Family, string Name, Target Target, Ending Ending, Action<RawClient, ServerProcess> Script)
{
    /// <summary>Unique name of the case: family and name.</summary>
    public string Id => $"{Family}.{Name}";
}

namespace IpcGen.Generator.Model;

/// <summary>Magic and location of one endpoint, collected across the compilation to find duplicate magics.
/// </summary>
internal sealed record EndpointIdentity(string MetadataName, uint Magic, LocationInfo? Location);

namespace IpcGen.Generator.Model;

/// <summary>Magic, generated type names and location of one endpoint, collected across the compilation to find
/// endpoints that would clash.</summary>
/// <param name="MetadataName">Full metadata name of the interface.</param>
/// <param name="Magic">Magic number of the endpoint.</param>
/// <param name="Name">Interface name, for messages.</param>
/// <param name="GeneratedPrefix">Metadata name of the interface's container followed by the base name; the
/// generated types are this prefix with <c>Messages</c>, <c>Descriptor</c>, <c>Proxy</c> or <c>Stub</c>.</param>
/// <param name="Location">Location of the interface name.</param>
internal sealed record EndpointIdentity(string MetadataName, uint Magic, string Name, string GeneratedPrefix,
    LocationInfo? Location);

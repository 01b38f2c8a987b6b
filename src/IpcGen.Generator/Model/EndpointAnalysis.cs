namespace IpcGen.Generator.Model;

/// <summary>Result of analyzing one endpoint interface: the model to emit (null when an error prevents it), the
/// diagnostics, and the identity used to check magics across endpoints.</summary>
internal sealed record EndpointAnalysis(EndpointModel? Model, EquatableArray<DiagnosticInfo> Diagnostics,
    EndpointIdentity? Identity);

using System.Linq;
using Microsoft.CodeAnalysis;

namespace IpcGen.Generator.Model;

/// <summary>A diagnostic as plain values: descriptor, location and message arguments.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location,
    EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());
}

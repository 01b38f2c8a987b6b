using System.Linq;

namespace IpcGen.Generator.Model;

/// <summary>Everything the emitter needs for one endpoint. It contains no symbols, syntax or locations.</summary>
/// <param name="Namespace">Namespace of the interface, or empty for the global namespace.</param>
/// <param name="ContainingTypes">Types that contain the interface, outermost first.</param>
/// <param name="InterfaceName">Name of the interface.</param>
/// <param name="BaseName">Interface name without the leading <c>I</c>, used to name generated types.</param>
/// <param name="Accessibility">Accessibility keywords of the interface.</param>
/// <param name="MetadataName">Full metadata name (namespace and containing types, nested types after <c>+</c>).
/// </param>
/// <param name="Magic">32-bit FNV-1a hash of <paramref name="MetadataName"/>.</param>
/// <param name="ShapeHash">64-bit FNV-1a hash of the canonical shape text.</param>
/// <param name="MaxPayloadBytes">Lowered payload limit, or zero for the transport limit.</param>
/// <param name="MaxAttachments">Lowered attachment limit, or zero for the transport limit.</param>
/// <param name="Messages">Messages in declaration order.</param>
internal sealed record EndpointModel(
    string Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string InterfaceName,
    string BaseName,
    string Accessibility,
    string MetadataName,
    uint Magic,
    ulong ShapeHash,
    int MaxPayloadBytes,
    int MaxAttachments,
    EquatableArray<MessageModel> Messages)
{
    /// <summary>Prefix that qualifies a generated type fully, such as <c>global::Ns.Outer.</c>, so that no member
    /// or parameter of the same name can hide it.</summary>
    public string QualifiedPrefix =>
        "global::" + (Namespace.Length == 0 ? string.Empty : Namespace + ".") +
        string.Concat(ContainingTypes.Select(type => type.Name + "."));

    /// <summary>Name of the generated file.</summary>
    public string HintName => MetadataName.Replace('+', '.') + ".g.cs";
}

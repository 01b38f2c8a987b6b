namespace IpcGen.Generator.Model;

/// <summary>What a decoder needs to validate an enum.</summary>
/// <param name="UnderlyingKind">Kind of the enum's underlying integer type.</param>
/// <param name="UnderlyingName">C# keyword of the underlying type, for casts.</param>
/// <param name="IsFlags">Whether the enum is marked <c>[Flags]</c>.</param>
/// <param name="DefinedBits">Bits of all defined values, zero-extended from the underlying type.</param>
internal sealed record EnumModel(ValueKind UnderlyingKind, string UnderlyingName, bool IsFlags, ulong DefinedBits);

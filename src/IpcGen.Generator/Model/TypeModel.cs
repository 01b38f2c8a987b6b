namespace IpcGen.Generator.Model;

/// <summary>An encodable type, with its element types for collections.</summary>
/// <param name="Kind">How the type is encoded.</param>
/// <param name="Name">Fully qualified name as declared, with <c>?</c> when nullable.</param>
/// <param name="NonNullableName">Fully qualified name without the top-level <c>?</c>.</param>
/// <param name="IsNullable">Whether null is a valid value.</param>
/// <param name="IsValueType">Whether the type without <c>?</c> is a value type.</param>
/// <param name="Arguments">Element type of a collection, or key and value types of a dictionary.</param>
/// <param name="Enum">Underlying type and flags of an enum; null for other kinds.</param>
internal sealed record TypeModel(
    ValueKind Kind,
    string Name,
    string NonNullableName,
    bool IsNullable,
    bool IsValueType,
    EquatableArray<TypeModel> Arguments,
    EnumModel? Enum);

using IpcGen.Generator.Model;

namespace IpcGen.Generator.Emitting;

/// <summary>One value of a message class: a request argument or a response's result.</summary>
/// <param name="ParameterName">Constructor parameter name, as a C# identifier.</param>
/// <param name="PropertyName">Name of the property that stores the value.</param>
/// <param name="Type">Encoded type.</param>
/// <param name="MaxLength">Declared <c>[MaxLength]</c>, or zero when none.</param>
/// <param name="WireName">Name used in limit and validation messages, such as <c>Add.a</c>.</param>
internal sealed record MessageField(string ParameterName, string PropertyName, TypeModel Type, int MaxLength,
    string WireName);

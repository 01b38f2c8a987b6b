namespace IpcGen.Generator.Model;

/// <summary>One encoded parameter of a message.</summary>
/// <param name="Name">Parameter name as a C# identifier (escaped with <c>@</c> where needed).</param>
/// <param name="PropertyName">Name of the message property that stores the argument.</param>
/// <param name="Type">Encoded type.</param>
/// <param name="MaxLength">Declared <c>[MaxLength]</c>, or zero when none.</param>
internal sealed record ParameterModel(string Name, string PropertyName, TypeModel Type, int MaxLength);

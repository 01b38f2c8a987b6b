namespace IpcGen.Generator.Model;

/// <summary>A type that contains the endpoint interface, re-declared around the generated types.</summary>
/// <param name="Keyword">Declaration keyword: <c>class</c>, <c>struct</c>, <c>interface</c>, <c>record</c> or
/// <c>record struct</c>.</param>
/// <param name="Name">Type name.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);

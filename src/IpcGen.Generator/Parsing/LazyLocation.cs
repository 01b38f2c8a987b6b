using System;
using IpcGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace IpcGen.Generator.Parsing;

/// <summary>The location of a syntax node, looked up only when a diagnostic needs it, because most methods have no
/// diagnostic and the lookup walks from the symbol back to its syntax.</summary>
internal sealed class LazyLocation(Func<SyntaxNode?> findSyntax)
{
    public LocationInfo? Get() => LocationInfo.From(findSyntax());
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IpcGen.Generator.Diagnostics;
using IpcGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IpcGen.Generator.Parsing;

/// <summary>Turns one endpoint method into a <see cref="MessageModel"/>, reporting what makes it invalid.</summary>
internal static class MethodParser
{
    private const string TaskName = "global::System.Threading.Tasks.Task";

    // Members of the generated message classes, which a parameter property must not hide. Only pooled messages have
    // Rent, RentReceived and Return, but the names are reserved in every message, so that changing a parameter's type never
    // renames a property or a message class.
    private static readonly HashSet<string> s_reservedMemberNames = new()
    {
        "Id", "EndpointMagic", "MessageId", "Encode", "Decode", "Rent", "RentReceived", "Return", "Equals",
        "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals",
    };

    /// <summary>Parses <paramref name="method"/>; returns null when it has an error or an unresolved type.
    /// </summary>
    /// <remarks>Locations are computed only for diagnostics, because most methods have none.</remarks>
    public static ParsedMessage? Parse(IMethodSymbol method, TypeParser types, List<DiagnosticInfo> diagnostics,
        CancellationToken cancellation)
    {
        var errorCount = diagnostics.Count;
        var nameLocation = method.Locations.FirstOrDefault();
        if (method.IsGenericMethod)
        {
            diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.GenericMethod, LocationInfo.From(nameLocation),
                method.Name));
        }

        var attributes = method.GetAttributes();
        var kind = ParseKind(method, attributes, types, diagnostics, cancellation, out var result,
            out var returnsTask);
        var parameters = ParseParameters(method, returnsTask, types, diagnostics, cancellation, out var tokenName);
        var resultMaxLength = ParseMaxLength(method.GetReturnTypeAttributes(), result, "the return value",
            method.Name, diagnostics, cancellation);
        var id = ParseId(method, attributes, diagnostics, cancellation);
        var hasUnresolvedType = (result is null && kind != MessageKindModel.OneWay && !ReturnsNothing(method))
            || parameters.Count + (tokenName is null ? 0 : 1) != method.Parameters.Length;
        if (diagnostics.Count > errorCount || hasUnresolvedType)
        {
            return null;
        }

        var returnTypeName = kind switch
        {
            MessageKindModel.AsyncRequest => result is null ? TaskName : $"{TaskName}<{result.Name}>",
            _ => result?.Name ?? "void",
        };
        var model = new MessageModel(Identifier(method.Name), RequestName(method), id, kind,
            parameters.ToEquatableArray(), tokenName, returnTypeName, result, resultMaxLength);
        return new ParsedMessage(model, nameLocation);
    }

    private static bool ReturnsNothing(IMethodSymbol method) =>
        method.ReturnsVoid || method.ReturnType is INamedTypeSymbol named
            && TypeParser.MetadataName(named) == "System.Threading.Tasks.Task";

    private static MessageKindModel ParseKind(IMethodSymbol method, IEnumerable<AttributeData> attributes,
        TypeParser types, List<DiagnosticInfo> diagnostics, CancellationToken cancellation, out TypeModel? result,
        out bool returnsTask)
    {
        result = null;
        returnsTask = false;
        var returnType = method.ReturnType;
        var returnLocation = new LazyLocation(() =>
            (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation) as MethodDeclarationSyntax)
            ?.ReturnType);
        var isSync = attributes.Any(a => TypeParser.IsIpcGenAttribute(a, "SyncAttribute"));
        var returnTypeName = returnType is INamedTypeSymbol named ? TypeParser.MetadataName(named) : string.Empty;
        switch (returnTypeName)
        {
            case "System.Threading.Tasks.Task":
            case "System.Threading.Tasks.Task`1":
                returnsTask = true;
                if (isSync)
                {
                    diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.SyncOnTask,
                        LocationInfo.From(method.Locations.FirstOrDefault()), method.Name));
                }

                if (returnTypeName.EndsWith("`1", System.StringComparison.Ordinal))
                {
                    var resultType = ((INamedTypeSymbol)returnType).TypeArguments[0];
                    result = ParseType(resultType, types, "The return value", method.Name, returnLocation, diagnostics);
                }

                return MessageKindModel.AsyncRequest;
            case "System.Threading.Tasks.ValueTask":
            case "System.Threading.Tasks.ValueTask`1":
                diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.ValueTaskNotSupported, returnLocation.Get(),
                    method.Name, returnType.ToDisplayString()));
                return MessageKindModel.AsyncRequest;
        }

        if (returnType.SpecialType == SpecialType.System_Void)
        {
            return isSync ? MessageKindModel.SyncRequest : MessageKindModel.OneWay;
        }

        result = ParseType(returnType, types, "The return value", method.Name, returnLocation, diagnostics);
        return MessageKindModel.SyncRequest;
    }

    private static List<ParameterModel> ParseParameters(IMethodSymbol method, bool returnsTask, TypeParser types,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellation, out string? tokenName)
    {
        tokenName = null;
        var parameters = new List<ParameterModel>();
        var propertyNames = new HashSet<string>(s_reservedMemberNames) { RequestName(method).TrimStart('@') };
        foreach (var parameter in method.Parameters)
        {
            var syntax = new LazyLocation(() =>
                parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation) as ParameterSyntax);
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.RefParameter, syntax.Get(),
                    parameter.Name, method.Name));
                continue;
            }

            if (TypeParser.IsCancellationToken(parameter.Type))
            {
                if (returnsTask && parameter.Ordinal == method.Parameters.Length - 1)
                {
                    tokenName = Identifier(parameter.Name);
                }
                else
                {
                    diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.MisplacedCancellationToken,
                        syntax.Get(), parameter.Name, method.Name));
                }

                continue;
            }

            var typeLocation = new LazyLocation(() =>
                (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation) as ParameterSyntax)
                ?.Type);
            var type = ParseType(parameter.Type, types, $"Parameter '{parameter.Name}'", method.Name, typeLocation,
                diagnostics);
            var maxLength = ParseMaxLength(parameter.GetAttributes(), type, $"parameter '{parameter.Name}'",
                method.Name, diagnostics, cancellation);
            if (type is not null)
            {
                var propertyName = UniqueName(PropertyName(parameter.Name), propertyNames);
                parameters.Add(new ParameterModel(Identifier(parameter.Name), propertyName, type, maxLength));
            }
        }

        return parameters;
    }

    private static TypeModel? ParseType(ITypeSymbol type, TypeParser types, string what, string methodName,
        LazyLocation location, List<DiagnosticInfo> diagnostics)
    {
        var model = types.Parse(type, out var reason);
        // The compiler already reports a type it cannot resolve, so only unsupported real types are reported here.
        if (model is null && !ContainsErrorType(type))
        {
            diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.UnsupportedType, location.Get(), what,
                methodName,
                type.ToDisplayString(), reason));
        }

        return model;
    }

    private static bool ContainsErrorType(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
        _ => false,
    };

    private static int ParseMaxLength(IEnumerable<AttributeData> attributes, TypeModel? type, string what,
        string methodName, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        var attribute = attributes.FirstOrDefault(a => TypeParser.IsIpcGenAttribute(a, "MaxLengthAttribute"));
        if (attribute is null || attribute.ConstructorArguments.FirstOrDefault().Value is not int length)
        {
            return 0;
        }

        var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellation));
        if (length <= 0)
        {
            diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.InvalidMaxLength, location,
                length.ToString(), what, methodName, "the length must be positive"));
            return 0;
        }

        if (type is not null && !HasLength(type.Kind))
        {
            diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.InvalidMaxLength, location,
                length.ToString(), what, methodName,
                $"it applies only to strings, byte arrays, ReadOnlyMemory<byte> and collections, not '{type.Name}'"));
            return 0;
        }

        return length;
    }

    private static bool HasLength(ValueKind kind) => kind is ValueKind.String or ValueKind.ByteArray
        or ValueKind.ReadOnlyMemoryOfByte or ValueKind.Array or ValueKind.List or ValueKind.ReadOnlyList
        or ValueKind.Dictionary or ValueKind.ReadOnlyDictionary;

    private static uint ParseId(IMethodSymbol method, IEnumerable<AttributeData> attributes,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        var attribute = attributes.FirstOrDefault(a => TypeParser.IsIpcGenAttribute(a, "MessageIdAttribute"));
        if (attribute is null || attribute.ConstructorArguments.FirstOrDefault().Value is not int id)
        {
            return Fnv.Hash31(method.Name);
        }

        if (id < 0)
        {
            diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.InvalidMessageId,
                LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellation)), id.ToString(),
                method.Name));
        }

        return (uint)id;
    }

    /// <summary>Returns <paramref name="name"/> as a C# identifier, escaping keywords with <c>@</c>.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    // A class cannot have a member of its own name, and a message class named like a generated type would hide it,
    // so a method with such a name gets a longer class name.
    private static string RequestName(IMethodSymbol method)
    {
        var baseName = EndpointParser.BaseName(method.ContainingType.Name);
        var isReserved = s_reservedMemberNames.Contains(method.Name)
            || EndpointParser.GeneratedTypeSuffixes.Any(suffix => method.Name == baseName + suffix);
        return isReserved ? method.Name + "Request" : Identifier(method.Name);
    }

    // Leading underscores are dropped, so that the property never has the parameter's own name.
    private static string PropertyName(string parameterName)
    {
        var name = parameterName.TrimStart('_');
        return name.Length == 0 ? "Argument" : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    private static string UniqueName(string name, HashSet<string> taken)
    {
        while (!taken.Add(name))
        {
            name += "Argument";
        }

        return name;
    }
}

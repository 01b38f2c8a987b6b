using System.Collections.Generic;
using System.Linq;
using IpcGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace IpcGen.Generator.Parsing;

/// <summary>Maps a parameter or return type to a <see cref="TypeModel"/>, or explains why it is unsupported.
/// One instance serves one endpoint and caches each type it has parsed, because endpoints repeat their types.
/// </summary>
internal sealed class TypeParser
{
    private readonly Dictionary<ITypeSymbol, (TypeModel? Model, string Reason)> _cache =
        new(SymbolEqualityComparer.IncludeNullability);

    public static readonly SymbolDisplayFormat NameFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly Dictionary<SpecialType, ValueKind> s_specialKinds = new()
    {
        [SpecialType.System_Boolean] = ValueKind.Boolean,
        [SpecialType.System_Byte] = ValueKind.Byte,
        [SpecialType.System_SByte] = ValueKind.SByte,
        [SpecialType.System_Int16] = ValueKind.Int16,
        [SpecialType.System_UInt16] = ValueKind.UInt16,
        [SpecialType.System_Int32] = ValueKind.Int32,
        [SpecialType.System_UInt32] = ValueKind.UInt32,
        [SpecialType.System_Int64] = ValueKind.Int64,
        [SpecialType.System_UInt64] = ValueKind.UInt64,
        [SpecialType.System_Single] = ValueKind.Single,
        [SpecialType.System_Double] = ValueKind.Double,
        [SpecialType.System_Decimal] = ValueKind.Decimal,
        [SpecialType.System_Char] = ValueKind.Char,
        [SpecialType.System_String] = ValueKind.String,
        [SpecialType.System_DateTime] = ValueKind.DateTime,
    };

    private static readonly Dictionary<string, ValueKind> s_namedKinds = new()
    {
        ["System.DateTimeOffset"] = ValueKind.DateTimeOffset,
        ["System.TimeSpan"] = ValueKind.TimeSpan,
        ["System.Guid"] = ValueKind.Guid,
        ["IpcGen.Attachment"] = ValueKind.Attachment,
        ["IpcGen.TransportHandle"] = ValueKind.TransportHandle,
        ["System.Collections.Generic.List`1"] = ValueKind.List,
        ["System.Collections.Generic.IReadOnlyList`1"] = ValueKind.ReadOnlyList,
        ["System.Collections.Generic.Dictionary`2"] = ValueKind.Dictionary,
        ["System.Collections.Generic.IReadOnlyDictionary`2"] = ValueKind.ReadOnlyDictionary,
        ["System.ReadOnlyMemory`1"] = ValueKind.ReadOnlyMemoryOfByte,
    };

    /// <summary>Parses <paramref name="type"/>; returns null and sets <paramref name="reason"/> (empty or a
    /// parenthesized detail) when it is not supported.</summary>
    public TypeModel? Parse(ITypeSymbol type, out string reason)
    {
        if (!_cache.TryGetValue(type, out var entry))
        {
            entry.Model = ParseUncached(type, out entry.Reason);
            _cache.Add(type, entry);
        }

        reason = entry.Reason;
        return entry.Model;
    }

    /// <summary>Whether <paramref name="attribute"/> is <c>IpcGen.</c><paramref name="name"/>; compares names
    /// without formatting the symbol.</summary>
    public static bool IsIpcGenAttribute(AttributeData attribute, string name) =>
        attribute.AttributeClass is { } type && type.Name == name
        && type.ContainingNamespace is { Name: "IpcGen", ContainingNamespace.IsGlobalNamespace: true };

    /// <summary>Whether <paramref name="type"/> is <c>System.Threading.CancellationToken</c>.</summary>
    public static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol
        {
            Name: "CancellationToken",
            TypeArguments.Length: 0,
            ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" },
        };

    private TypeModel? ParseUncached(ITypeSymbol type, out string reason)
    {
        reason = string.Empty;
        var name = type.ToDisplayString(NameFormat);
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = Parse(nullable.TypeArguments[0], out reason);
            return inner is null ? null : inner with { Name = name, IsNullable = true };
        }

        var isNullable = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        var nonNullableName = isNullable
            ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(NameFormat)
            : name;
        var kind = ClassifyKind(type, out var arguments, ref reason);
        if (kind is null)
        {
            return null;
        }

        var enumModel = kind == ValueKind.Enum ? ParseEnum((INamedTypeSymbol)type) : null;
        if (kind == ValueKind.Enum && enumModel is null)
        {
            return null;
        }

        return new TypeModel(kind.Value, name, nonNullableName, isNullable, type.IsValueType, arguments, enumModel);
    }

    private ValueKind? ClassifyKind(ITypeSymbol type, out EquatableArray<TypeModel> arguments,
        ref string reason)
    {
        arguments = EquatableArray<TypeModel>.Empty;
        if (s_specialKinds.TryGetValue(type.SpecialType, out var special))
        {
            return special;
        }

        if (type is IArrayTypeSymbol array)
        {
            return ClassifyArray(array, out arguments, ref reason);
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            return ValueKind.Enum;
        }

        if (s_namedKinds.TryGetValue(MetadataName(named), out var kind))
        {
            return ClassifyNamed(named, kind, out arguments, ref reason);
        }

        if (HasAttribute(named, "MessagePack.MessagePackObjectAttribute"))
        {
            return ValueKind.MessagePackObject;
        }

        return null;
    }

    private ValueKind? ClassifyArray(IArrayTypeSymbol array, out EquatableArray<TypeModel> arguments,
        ref string reason)
    {
        arguments = EquatableArray<TypeModel>.Empty;
        if (array.Rank != 1)
        {
            reason = " (only single-dimensional arrays are supported)";
            return null;
        }

        if (array.ElementType.SpecialType == SpecialType.System_Byte)
        {
            return ValueKind.ByteArray;
        }

        var element = Parse(array.ElementType, out reason);
        if (element is null)
        {
            return null;
        }

        arguments = new EquatableArray<TypeModel>(new[] { element });
        return ValueKind.Array;
    }

    private ValueKind? ClassifyNamed(INamedTypeSymbol named, ValueKind kind,
        out EquatableArray<TypeModel> arguments, ref string reason)
    {
        arguments = EquatableArray<TypeModel>.Empty;
        if (kind == ValueKind.ReadOnlyMemoryOfByte)
        {
            if (named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
            {
                return kind;
            }

            reason = " (only ReadOnlyMemory<byte> is supported)";
            return null;
        }

        if (named.TypeArguments.Length == 0)
        {
            return kind;
        }

        var models = new List<TypeModel>();
        foreach (var argument in named.TypeArguments)
        {
            var model = Parse(argument, out reason);
            if (model is null)
            {
                return null;
            }

            models.Add(model);
        }

        if (kind is ValueKind.Dictionary or ValueKind.ReadOnlyDictionary && models[0].IsNullable)
        {
            reason = " (dictionary keys cannot be nullable)";
            return null;
        }

        arguments = new EquatableArray<TypeModel>(models);
        return kind;
    }

    private static EnumModel? ParseEnum(INamedTypeSymbol type)
    {
        var underlying = type.EnumUnderlyingType;
        if (underlying is null || !s_specialKinds.TryGetValue(underlying.SpecialType, out var underlyingKind))
        {
            return null;
        }

        var isFlags = HasAttribute(type, "System.FlagsAttribute");
        var bits = 0UL;
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.HasConstantValue)
            {
                bits |= ZeroExtend(field.ConstantValue);
            }
        }

        var keyword = underlying.ToDisplayString(NameFormat);
        return new EnumModel(underlyingKind, keyword, isFlags, bits);
    }

    private static ulong ZeroExtend(object? value) => value switch
    {
        sbyte v => (byte)v,
        short v => (ushort)v,
        int v => (uint)v,
        long v => (ulong)v,
        byte v => v,
        ushort v => v,
        uint v => v,
        ulong v => v,
        _ => 0,
    };

    private static bool HasAttribute(ISymbol symbol, string attributeName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);

    /// <summary>Returns the namespace-qualified metadata name, such as <c>System.Collections.Generic.List`1</c>.
    /// </summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        // Metadata names, unlike display strings, never escape keywords: namespace N.@event is N.event.
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            name = ns.MetadataName + "." + name;
        }

        return name;
    }
}

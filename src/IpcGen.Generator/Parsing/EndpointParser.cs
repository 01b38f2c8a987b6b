using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IpcGen.Generator.Diagnostics;
using IpcGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IpcGen.Generator.Parsing;

/// <summary>Turns an <c>[IpcEndpoint]</c> interface into an <see cref="EndpointModel"/> and its diagnostics.
/// </summary>
internal static class EndpointParser
{
    public const string EndpointAttributeName = "IpcGen.IpcEndpointAttribute";

    // Must match IpcGen.IpcLimits in the runtime, which the generator does not reference.
    private const int TransportMaxPayloadBytes = 64 * 1024 * 1024;
    private const int TransportMaxAttachments = 128;

    public static EndpointAnalysis Analyze(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (InterfaceDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();
        var metadataName = TypeParser.MetadataName(symbol);
        var magic = Fnv.Hash32(metadataName);
        var baseName = BaseName(symbol.Name);
        var generatedPrefix = metadataName.Substring(0, metadataName.Length - symbol.MetadataName.Length) + baseName;
        var identity = new EndpointIdentity(metadataName, magic, symbol.Name, generatedPrefix,
            LocationInfo.From(syntax.Identifier.GetLocation()));

        CheckDeclaration(symbol, syntax, diagnostics);
        CheckGeneratedTypeNames(symbol, baseName, identity.Location, diagnostics);
        var containingTypes = ParseContainingTypes(symbol, syntax, diagnostics);
        var maxPayloadBytes = ParseLimit(context.Attributes[0], "MaxPayloadBytes", TransportMaxPayloadBytes, symbol,
            diagnostics, cancellation);
        var maxAttachments = ParseLimit(context.Attributes[0], "MaxAttachments", TransportMaxAttachments, symbol,
            diagnostics, cancellation);
        var messages = ParseMembers(symbol, diagnostics, cancellation, out var allParsed);
        CheckMessages(symbol, messages, diagnostics);

        if (diagnostics.Count > 0 || !allParsed)
        {
            return new EndpointAnalysis(null, diagnostics.ToEquatableArray(), identity);
        }

        var requests = messages.Select(m => m.Model).ToEquatableArray();
        var shapeHash = Fnv.Hash64(ShapeText.Build(metadataName,
            maxPayloadBytes == 0 ? TransportMaxPayloadBytes : maxPayloadBytes,
            maxAttachments == 0 ? TransportMaxAttachments : maxAttachments, requests));
        var ns = symbol.ContainingNamespace.IsGlobalNamespace
            ? string.Empty
            : symbol.ContainingNamespace.ToDisplayString();
        var model = new EndpointModel(ns, containingTypes, symbol.Name, baseName,
            SyntaxFacts.GetText(symbol.DeclaredAccessibility), metadataName, magic, shapeHash, maxPayloadBytes,
            maxAttachments, requests);
        return new EndpointAnalysis(model, EquatableArray<DiagnosticInfo>.Empty, identity);
    }

    /// <summary>Strips a leading <c>I</c> that is followed by an upper-case letter: <c>IFoo</c> becomes
    /// <c>Foo</c>, <c>Item</c> stays <c>Item</c>.</summary>
    public static string BaseName(string interfaceName) =>
        interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1])
            ? interfaceName.Substring(1)
            : interfaceName;

    private static void CheckDeclaration(INamedTypeSymbol symbol, InterfaceDeclarationSyntax syntax,
        List<DiagnosticInfo> diagnostics)
    {
        var identifier = LocationInfo.From(syntax.Identifier.GetLocation());
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(Create(DiagnosticDescriptors.EndpointNotPartial, identifier, symbol.Name));
        }

        var isGeneric = symbol.IsGenericType;
        for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            isGeneric |= outer.IsGenericType;
        }

        if (isGeneric)
        {
            diagnostics.Add(Create(DiagnosticDescriptors.GenericEndpoint, identifier, symbol.Name));
        }

        for (INamedTypeSymbol? type = symbol; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                diagnostics.Add(Create(DiagnosticDescriptors.FileLocalEndpoint, identifier, symbol.Name, type.Name));
                break;
            }
        }

        foreach (var inherited in symbol.Interfaces)
        {
            var baseType = syntax.BaseList?.Types.FirstOrDefault();
            diagnostics.Add(Create(DiagnosticDescriptors.InheritedEndpoint,
                LocationInfo.From(baseType) ?? identifier, symbol.Name, inherited.ToDisplayString()));
        }
    }

    /// <summary>Suffixes of the types generated for an endpoint, after its base name.</summary>
    public static readonly string[] GeneratedTypeSuffixes = { "Messages", "Descriptor", "Proxy", "Stub" };

    // The generated types are declared next to the interface, so a type of the same name there would clash.
    private static void CheckGeneratedTypeNames(INamedTypeSymbol symbol, string baseName, LocationInfo? location,
        List<DiagnosticInfo> diagnostics)
    {
        var container = (INamespaceOrTypeSymbol?)symbol.ContainingType ?? symbol.ContainingNamespace;
        foreach (var suffix in GeneratedTypeSuffixes)
        {
            var existing = container.GetTypeMembers(baseName + suffix).FirstOrDefault();
            if (existing is not null)
            {
                diagnostics.Add(Create(DiagnosticDescriptors.GeneratedTypeNameTaken, location, symbol.Name,
                    existing.Name, existing.ToDisplayString()));
            }
        }
    }

    private static EquatableArray<ContainingTypeModel> ParseContainingTypes(INamedTypeSymbol symbol,
        InterfaceDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var types = new List<ContainingTypeModel>();
        foreach (var declaration in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(Create(DiagnosticDescriptors.ContainingTypeNotPartial,
                    LocationInfo.From(declaration.Identifier.GetLocation()), declaration.Identifier.Text,
                    symbol.Name));
            }

            types.Insert(0, new ContainingTypeModel(Keyword(declaration), declaration.Identifier.Text));
        }

        return types.ToEquatableArray();
    }

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) =>
            "record struct",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    private static int ParseLimit(AttributeData attribute, string name, int transportLimit, INamedTypeSymbol symbol,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        var argument = attribute.NamedArguments.FirstOrDefault(a => a.Key == name);
        if (argument.Key is null || argument.Value.Value is not int value || value == 0)
        {
            return 0;
        }

        if (value > 0 && value <= transportLimit)
        {
            return value;
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellation) as AttributeSyntax;
        var argumentSyntax = syntax?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == name);
        var location = LocationInfo.From((SyntaxNode?)argumentSyntax ?? syntax);
        diagnostics.Add(Create(DiagnosticDescriptors.InvalidEndpointLimit, location,
            name, value.ToString(), symbol.Name, transportLimit.ToString()));
        return 0;
    }

    private static List<ParsedMessage> ParseMembers(INamedTypeSymbol symbol, List<DiagnosticInfo> diagnostics,
        CancellationToken cancellation, out bool allParsed)
    {
        allParsed = true;
        var messages = new List<ParsedMessage>();
        var types = new TypeParser();
        foreach (var member in symbol.GetMembers())
        {
            cancellation.ThrowIfCancellationRequested();
            var unsupported = UnsupportedMemberKind(member);
            if (unsupported is not null)
            {
                diagnostics.Add(Create(DiagnosticDescriptors.UnsupportedMember,
                    LocationInfo.From(member.Locations.FirstOrDefault()), member.Name, unsupported));
                continue;
            }

            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                var parsed = MethodParser.Parse(method, types, diagnostics, cancellation);
                if (parsed is null)
                {
                    allParsed = false;
                }
                else
                {
                    messages.Add(parsed);
                }
            }
        }

        return messages;
    }

    private static string? UnsupportedMemberKind(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: not MethodKind.Ordinary, IsStatic: false } => null,
        _ when member.IsStatic => "a static member",
        IMethodSymbol { IsAbstract: false } => "a method with a body",
        IMethodSymbol => null,
        IPropertySymbol => "a property",
        IEventSymbol => "an event",
        INamedTypeSymbol => null,
        _ => "a member that is not a method",
    };

    private static void CheckMessages(INamedTypeSymbol symbol, List<ParsedMessage> messages,
        List<DiagnosticInfo> diagnostics)
    {
        var names = new Dictionary<string, ParsedMessage>();
        var ids = new Dictionary<uint, ParsedMessage>();
        foreach (var message in messages)
        {
            var name = message.Model.MethodName;
            if (names.ContainsKey(name))
            {
                diagnostics.Add(Create(DiagnosticDescriptors.OverloadedMethod, message.Location, name.TrimStart('@')));
                continue;
            }

            names.Add(name, message);
            if (ids.TryGetValue(message.Model.Id, out var first))
            {
                diagnostics.Add(Create(DiagnosticDescriptors.DuplicateMessageId, message.Location,
                    first.Model.MethodName.TrimStart('@'), name.TrimStart('@'), symbol.Name,
                    message.Model.Id.ToString("X8")));
            }
            else
            {
                ids.Add(message.Model.Id, message);
            }
        }

        CheckClassNames(messages, diagnostics);
    }

    // Each message class is nested in the same messages class, so no two methods may need the same class name.
    private static void CheckClassNames(List<ParsedMessage> messages, List<DiagnosticInfo> diagnostics)
    {
        var owners = new Dictionary<string, string>();
        foreach (var message in messages)
        {
            var model = message.Model;
            var methodName = model.MethodName.TrimStart('@');
            var classNames = model.HasResponse
                ? new[] { model.RequestName.TrimStart('@'), model.ResponseName }
                : new[] { model.RequestName.TrimStart('@') };
            foreach (var className in classNames)
            {
                if (owners.TryGetValue(className, out var owner) && owner != methodName)
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.MessageNameCollision, message.Location,
                        methodName, className, owner));
                    break;
                }

                owners[className] = methodName;
            }
        }
    }

    internal static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location,
        params string[] arguments) => new(descriptor, location, arguments.ToEquatableArray());
}

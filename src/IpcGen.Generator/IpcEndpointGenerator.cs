using System.Collections.Generic;
using System.Collections.Immutable;
using IpcGen.Generator.Diagnostics;
using IpcGen.Generator.Emitting;
using IpcGen.Generator.Model;
using IpcGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IpcGen.Generator;

/// <summary>
/// Generates messages, a descriptor, a proxy and a stub for every <c>[IpcEndpoint]</c> partial interface.
/// Analysis produces value-equatable results; emission reads only the <see cref="EndpointModel"/>, so edits that
/// move an endpoint without changing it (whitespace, other files) are served from the cache. Diagnostics flow
/// separately with their own location values.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class IpcEndpointGenerator : IIncrementalGenerator
{
    /// <summary>Sets up the pipeline.</summary>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var analyses = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                EndpointParser.EndpointAttributeName,
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (syntaxContext, cancellation) => EndpointParser.Analyze(syntaxContext, cancellation))
            .WithTrackingName(TrackingNames.Analysis);

        var models = analyses
            .Select(static (analysis, _) => analysis.Model)
            .WithTrackingName(TrackingNames.Model);
        context.RegisterSourceOutput(models, static (output, model) =>
        {
            if (model is not null)
            {
                output.AddSource(model.HintName, EndpointEmitter.Emit(model));
            }
        });

        var diagnostics = analyses
            .Select(static (analysis, _) => analysis.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var duplicateMagics = analyses
            .Select(static (analysis, _) => analysis.Identity)
            .Collect()
            .Select(static (identities, _) => FindClashingEndpoints(identities))
            .WithTrackingName(TrackingNames.DuplicateMagics);
        context.RegisterSourceOutput(duplicateMagics, static (output, list) =>
        {
            foreach (var diagnostic in list)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }

    private static readonly char[] s_separators = { '.', '+' };

    private static EquatableArray<DiagnosticInfo> FindClashingEndpoints(ImmutableArray<EndpointIdentity?> identities)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var seen = new Dictionary<uint, EndpointIdentity>();
        var prefixes = new Dictionary<string, EndpointIdentity>();
        foreach (var identity in identities)
        {
            if (identity is null)
            {
                continue;
            }

            if (seen.TryGetValue(identity.Magic, out var first) && first.MetadataName != identity.MetadataName)
            {
                diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.DuplicateMagic, identity.Location,
                    first.MetadataName, identity.MetadataName, identity.Magic.ToString("X8")));
            }
            else
            {
                seen[identity.Magic] = identity;
            }

            // IFoo and Foo in one namespace would both generate FooMessages, FooDescriptor, FooProxy and FooStub.
            if (prefixes.TryGetValue(identity.GeneratedPrefix, out var other)
                && other.MetadataName != identity.MetadataName)
            {
                var prefix = identity.GeneratedPrefix;
                var typeName = prefix.Substring(prefix.LastIndexOfAny(s_separators) + 1)
                    + EndpointParser.GeneratedTypeSuffixes[0];
                diagnostics.Add(EndpointParser.Create(DiagnosticDescriptors.GeneratedTypeNameTaken, identity.Location,
                    identity.Name, typeName, other.Name));
            }
            else
            {
                prefixes[identity.GeneratedPrefix] = identity;
            }
        }

        return diagnostics.ToEquatableArray();
    }
}

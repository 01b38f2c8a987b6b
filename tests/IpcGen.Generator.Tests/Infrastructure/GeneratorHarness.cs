using System.Collections.Immutable;
using IpcGen.Generator;
using IpcGen.Messages;
using MessagePack;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IpcGen.Generator.Tests.Infrastructure;

/// <summary>Runs the generator on source text against the real runtime, MessagePack and BCL references.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    // The implicit usings of an SDK project, added after the inputs so that input i stays Input{i}.cs.
    private const string GlobalUsings = "global using System; global using System.Collections.Generic; " +
        "global using System.IO; global using System.Linq; global using System.Threading; " +
        "global using System.Threading.Tasks;";

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTestInput",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Input{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, path: "GlobalUsings.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                // The SDK suppresses these unification notices too: MessagePack targets an older System.Memory.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new IpcEndpointGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));

    /// <summary>Runs the generator once and returns its result and the compilation with the generated files.
    /// </summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var input = CreateCompilation(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Returns the generator's diagnostics for the sources.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(params string[] sources) => Run(sources).Result.Diagnostics;

    /// <summary>Returns the compiler's warnings and errors for a compilation (warnings are errors here).</summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll");
        var project = new[] { typeof(IMessage).Assembly.Location, typeof(MessagePackWriter).Assembly.Location,
            typeof(MessagePackObjectAttribute).Assembly.Location };
        return [.. platform.Concat(project).Distinct().Select(path => MetadataReference.CreateFromFile(path))];
    }
}

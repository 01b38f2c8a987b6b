using System.Diagnostics;
using IpcGen.Generator;
using IpcGen.Generator.Benchmarks;
using IpcGen.Messages;
using MessagePack;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

// Measures the IpcGen generator in a cold run (a new driver, nothing cached) and a warm incremental run (the same
// driver after an edit to another file). Each is repeated and reported as the median wall-clock time and the
// median process CPU time, because other processes on a shared machine disturb the CPU time less.
const int Runs = 15;
var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
var references = LoadReferences();

Measure("500-method endpoint", EndpointSources.Large(500));
Measure("deeply nested types (40 methods, depth 8)", EndpointSources.DeeplyNested(40, 8));

void Measure(string name, string endpoint)
{
    var compilation = CSharpCompilation.Create("Bench",
        [
            CSharpSyntaxTree.ParseText(endpoint, parseOptions, path: "Endpoint.cs"),
            CSharpSyntaxTree.ParseText("namespace Bench; public class Other { }", parseOptions, path: "Other.cs"),
            CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; " +
                "global using System.Threading; global using System.Threading.Tasks;", parseOptions, path: "Usings.cs"),
        ],
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable));

    var cold = new List<double>();
    var warm = new List<double>();
    var coldCpu = new List<double>();
    var warmCpu = new List<double>();
    var process = Process.GetCurrentProcess();
    var generatedChars = 0;
    var diagnostics = 0;
    for (var run = 0; run < Runs; run++)
    {
        // A fresh compilation each time, so that nothing is cached in the semantic model either.
        var input = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(Reparse));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new IpcEndpointGenerator().AsSourceGenerator()],
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None,
                trackIncrementalGeneratorSteps: Environment.GetEnvironmentVariable("IPCGEN_BENCH_STEPS") == "1"));
        // Collected before each timed run so that one run's garbage is not charged to the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        driver = driver.RunGenerators(input);
        cold.Add(watch.Elapsed.TotalMilliseconds);
        process.Refresh();
        coldCpu.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
        var result = driver.GetRunResult();
        if (Environment.GetEnvironmentVariable("IPCGEN_BENCH_STEPS") == "1" && run == Runs - 1)
        {
            Console.WriteLine("  cold run steps:");
            PrintSteps(driver);
            Console.WriteLine("  warm run steps:");
        }

        generatedChars = result.GeneratedTrees.Sum(tree => tree.Length);
        diagnostics = result.Diagnostics.Length;

        var other = input.SyntaxTrees.Single(tree => tree.FilePath == "Other.cs");
        var edited = input.ReplaceSyntaxTree(other,
            other.WithChangedText(SourceText.From($"namespace Bench; public class Other {{ int _run = {run}; }}")));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        cpu = process.TotalProcessorTime;
        watch.Restart();
        var warmDriver = driver.RunGenerators(edited);
        warm.Add(watch.Elapsed.TotalMilliseconds);
        process.Refresh();
        warmCpu.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
        if (Environment.GetEnvironmentVariable("IPCGEN_BENCH_STEPS") == "1" && run == Runs - 1)
        {
            PrintSteps(warmDriver);
        }
    }

    Console.WriteLine($"{name}: {Runs} runs, {generatedChars / 1024} KiB generated, {diagnostics} diagnostics");
    Console.WriteLine($"  cold: median {Median(cold):F1} ms wall, {Median(coldCpu):F1} ms CPU " +
        $"(first run, with JIT: {cold[0]:F1} ms wall)");
    Console.WriteLine($"  warm incremental: median {Median(warm):F1} ms wall, {Median(warmCpu):F1} ms CPU");
}

static void PrintSteps(GeneratorDriver driver)
{
    var result = driver.GetRunResult().Results.Single();
    foreach (var (step, runs) in result.TrackedSteps)
    {
        var reasons = runs.SelectMany(run => run.Outputs).GroupBy(output => output.Reason)
            .Select(group => $"{group.Key} x{group.Count()}");
        var time = runs.Sum(run => run.ElapsedTime.TotalMilliseconds);
        Console.WriteLine($"  {step}: {string.Join(", ", reasons)}, {time:F1} ms");
    }
}

SyntaxTree Reparse(SyntaxTree tree) =>
    CSharpSyntaxTree.ParseText(tree.GetText(), parseOptions, tree.FilePath);

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static List<MetadataReference> LoadReferences()
{
    var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
            || Path.GetFileName(path) == "netstandard.dll");
    var project = new[] { typeof(IMessage).Assembly.Location, typeof(MessagePackWriter).Assembly.Location };
    return [.. platform.Concat(project).Distinct().Select(path => MetadataReference.CreateFromFile(path))];
}

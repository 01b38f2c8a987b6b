using IpcGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace IpcGen.Generator.Tests;

/// <summary>Edits that do not change an endpoint are served from the generator's cache.</summary>
public sealed class IncrementalityTests
{
    private const string Endpoint = """
        namespace N;

        [IpcGen.IpcEndpoint]
        public partial interface IFoo
        {
            int Add(int a, int b);
        }
        """;

    private const string Unrelated = "namespace N; public class Other { public int X() => 1; }";

    private static GeneratorRunResult RunTwice(Func<Compilation, Compilation> edit)
    {
        var compilation = GeneratorHarness.CreateCompilation(Endpoint, Unrelated);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        return driver.RunGenerators(edit(compilation)).GetRunResult().Results.Single();
    }

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        var tree = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text)));
    }

    private static void AssertCached(GeneratorRunResult result)
    {
        Assert.That(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs)
            .Select(output => output.Reason),
            Is.All.EqualTo(IncrementalStepRunReason.Cached).Or.EqualTo(IncrementalStepRunReason.Unchanged));
        var model = result.TrackedSteps[TrackingNames.Model].SelectMany(run => run.Outputs).Single();
        Assert.That(model.Reason,
            Is.EqualTo(IncrementalStepRunReason.Cached).Or.EqualTo(IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void UnrelatedFileEdit()
    {
        var result = RunTwice(c => Replace(c, 1, Unrelated.Replace("1;", "2;")));
        AssertCached(result);
    }

    [Test]
    public void WhitespaceEditInEndpointFile()
    {
        var result = RunTwice(c => Replace(c, 0, "\n\n" + Endpoint.Replace("int a", "int    a")));
        AssertCached(result);
        Assert.That(result.TrackedSteps[TrackingNames.Analysis].SelectMany(run => run.Outputs).Single().Reason,
            Is.EqualTo(IncrementalStepRunReason.Modified), "the analysis sees the moved locations");
    }

    [Test]
    public void EndpointChangeRegenerates()
    {
        var result = RunTwice(c => Replace(c, 0, Endpoint.Replace("int Add", "long Add")));
        var model = result.TrackedSteps[TrackingNames.Model].SelectMany(run => run.Outputs).Single();
        Assert.That(model.Reason, Is.EqualTo(IncrementalStepRunReason.Modified));
    }

    [Test]
    public void ModelHoldsNoSymbolsOrSyntax()
    {
        var compilation = GeneratorHarness.CreateCompilation(Endpoint);
        var result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult()
            .Results.Single();
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation) };
        var ownSteps = new[]
        {
            TrackingNames.Analysis, TrackingNames.Model, TrackingNames.Diagnostics, TrackingNames.DuplicateMagics,
        };
        foreach (var step in ownSteps.SelectMany(name => result.TrackedSteps[name]))
        {
            foreach (var (value, _) in step.Outputs)
            {
                Assert.That(ReachableTypes(value).Where(t => forbidden.Any(f => f.IsAssignableFrom(t))), Is.Empty);
            }
        }
    }

    private static IEnumerable<Type> ReachableTypes(object? value, int depth = 0)
    {
        if (value is null || depth > 8 || value is string || value.GetType().IsPrimitive)
        {
            yield break;
        }

        yield return value.GetType();
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
            {
                foreach (var type in ReachableTypes(item, depth + 1))
                {
                    yield return type;
                }
            }
        }

        var properties = value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0
            && p.DeclaringType?.Namespace?.StartsWith("IpcGen", StringComparison.Ordinal) == true);
        foreach (var property in properties)
        {
            foreach (var type in ReachableTypes(property.GetValue(value), depth + 1))
            {
                yield return type;
            }
        }
    }
}

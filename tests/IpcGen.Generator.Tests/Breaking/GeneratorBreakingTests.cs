using System.Text.RegularExpressions;
using IpcGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IpcGen.Generator.Tests.Breaking;

/// <summary>Endpoints a user could write compile without warnings, or get a generator diagnostic; the generator
/// never throws.</summary>
public sealed partial class GeneratorBreakingTests
{
    private const string Usings = "using IpcGen; using System; using System.Threading.Tasks; " +
        "using System.Collections.Generic;\n";

    private static void AssertCompiles(params string[] sources)
    {
        var (result, output) = GeneratorHarness.Run(sources.Select(s => Usings + s).ToArray());
        Assert.That(result.Exception, Is.Null);
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.GeneratedSources, Is.Not.Empty);
        Assert.That(GeneratorHarness.Problems(output).Select(d => d.ToString()), Is.Empty);
    }

    private static IReadOnlyList<Diagnostic> GeneratorDiagnostics(string source)
    {
        var (result, _) = GeneratorHarness.Run(Usings + source);
        Assert.That(result.Exception, Is.Null);
        return result.Diagnostics;
    }

    [Test]
    public void FileLocalEndpointIsReported()
    {
        var diagnostics = GeneratorDiagnostics(
            "namespace N; [IpcEndpoint] file partial interface IFoo { void A(); }");
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "IPCG0019" }));
    }

    [Test]
    public void FileLocalContainingTypeIsReported()
    {
        var diagnostics = GeneratorDiagnostics(
            "namespace N; file partial class Host { [IpcEndpoint] public partial interface IFoo { void A(); } }");
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "IPCG0019" }));
    }

    [Test]
    public void KeywordNamespaceCompiles() =>
        AssertCompiles("namespace N.@event; [IpcEndpoint] public partial interface IFoo { void A(); }");

    [Test]
    public void ObsoleteMethodCompiles() => AssertCompiles("""
        namespace N;
        [IpcEndpoint]
        public partial interface IFoo
        {
            [Obsolete] void A();
            [Obsolete("use A")] int B();
            [Obsolete] Task C();
        }
        """);

    [Test]
    public void ObsoleteParameterTypeCompiles() => AssertCompiles("""
        namespace N;
        #pragma warning disable CS0612
        [Obsolete] public enum Mode { On }
        [IpcEndpoint] public partial interface IFoo { void A(Mode mode); }
        """);

    [Test]
    public void MessageMemberNamesAsMethodsCompile() => AssertCompiles("""
        namespace N;
        [IpcEndpoint]
        public partial interface IFoo
        {
            byte[] Decode(byte[] data);
            void Encode(string text);
            int Id();
            void EndpointMagic();
            Task MessageId();
            void FooMessages();
        }
        """);

    [Test]
    public void RenamedRequestCollisionIsReported()
    {
        var diagnostics = GeneratorDiagnostics(
            "namespace N; [IpcEndpoint] public partial interface IFoo { void Decode(); void DecodeRequest(); }");
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "IPCG0017" }));
    }

    [Test]
    public void UnderscoreParameterCompiles() => AssertCompiles(
        "namespace N; [IpcEndpoint] public partial interface IFoo { void A(int _count, string _); }");

    [Test]
    public void ParameterNamedLikeProxyFieldCompiles() => AssertCompiles(
        "namespace N; [IpcEndpoint] public partial interface IFoo { void A(int _sender); int B(string _sender); }");

    [Test]
    public void ShapeHashIgnoresMethodOrder()
    {
        static string ShapeHash(string members)
        {
            var generated = GeneratorHarness.Run(
                    $"namespace N; [IpcGen.IpcEndpoint] public partial interface IFoo {{ {members} }}")
                .Result.GeneratedSources.Single().SourceText.ToString();
            return ShapeHashPattern().Match(generated).Groups[1].Value;
        }

        Assert.That(ShapeHash("int B(); void A(int x);"), Is.EqualTo(ShapeHash("void A(int x); int B();")));
    }

    [Test]
    public void PartsAcrossFilesCompile() => AssertCompiles(
        "namespace N; [IpcEndpoint] public partial interface IFoo { void A(); }",
        "namespace N; public partial interface IFoo { int B(string s); }");

    [Test]
    public void ObjectMemberNamesAsMethodsCompile() => AssertCompiles("""
        namespace N;
        [IpcEndpoint]
        public partial interface IFoo
        {
            int GetType();
            string ToString();
            int GetHashCode();
            bool Equals(string other);
            void MemberwiseClone();
        }
        """);

    [Test]
    public void GeneratedTypeNamesAsMethodsCompile() => AssertCompiles("""
        namespace N;
        [IpcEndpoint]
        public partial interface IFoo
        {
            void FooDescriptor();
            int FooProxy();
            void FooStub(int fooDescriptor);
        }
        """);

    [Test]
    public void ExistingTypeNamedLikeProxyIsReported()
    {
        var diagnostics = GeneratorDiagnostics(
            "namespace N; public class FooProxy { } [IpcEndpoint] public partial interface IFoo { void A(); }");
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "IPCG0020" }));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("'FooProxy'"));
    }

    [Test]
    public void EndpointsSharingBaseNameAreReported()
    {
        var diagnostics = GeneratorDiagnostics("""
            namespace N;
            [IpcEndpoint] public partial interface IFoo { void A(); }
            [IpcEndpoint] public partial interface Foo { void A(); }
            """);
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "IPCG0020" }));
    }

    [Test]
    public void ContextualKeywordParameterCompiles() => AssertCompiles(
        "namespace N; [IpcEndpoint] public partial interface IFoo { Task<int> A(int await); Task B(int await); }");

    [GeneratedRegex(@"ShapeHashValue = (0x[0-9A-F]+)UL;")]
    private static partial Regex ShapeHashPattern();
}

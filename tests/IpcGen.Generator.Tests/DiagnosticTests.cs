using IpcGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IpcGen.Generator.Tests;

/// <summary>Each misuse is reported with its id at the offending syntax.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using IpcGen; using System; using System.Threading; using System.Threading.Tasks; " +
        "using System.Collections.Generic;\n";

    private static void AssertReports(string id, string marked, string? messagePart = null)
    {
        var source = MarkedSource.Parse(Usings + marked);
        var diagnostics = GeneratorHarness.Diagnostics(source.Text);
        var matching = diagnostics.Where(d => d.Id == id).ToList();
        Assert.That(matching, Has.Count.EqualTo(1), string.Join("\n", diagnostics));
        var diagnostic = matching[0];
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo("Input0.cs"));
        Assert.That(source.Text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length),
            Is.EqualTo(source.Text.Substring(source.Span.Start, source.Span.Length)));
        Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(source.Span));
        if (messagePart is not null)
        {
            Assert.That(diagnostic.GetMessage(), Does.Contain(messagePart));
        }
    }

    [Test]
    public void ValidEndpointHasNoDiagnostics()
    {
        var source = Usings + """
            namespace N;
            [IpcEndpoint(MaxPayloadBytes = 4096, MaxAttachments = 4)]
            public partial interface IFoo
            {
                void A([MaxLength(3)] string s, int? n, List<Attachment> files);
                [Sync] void B();
                int C(byte[] data);
                Task<string?> D(Dictionary<string, int[]> map, CancellationToken token);
                [MessageId(7)] Task E();
            }
            """;
        var (result, output) = GeneratorHarness.Run(source);
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.GeneratedSources, Has.Length.EqualTo(1));
        Assert.That(GeneratorHarness.Problems(output), Is.Empty);
    }

    [Test]
    public void InterfaceNotPartial() => AssertReports("IPCG0001",
        "[IpcEndpoint] public interface [|IFoo|] { void A(); }", "add the 'partial' modifier");

    [Test]
    public void ContainingTypeNotPartial() => AssertReports("IPCG0002",
        "public class [|Outer|] { [IpcEndpoint] public partial interface IFoo { void A(); } }", "'Outer'");

    [Test]
    public void UnsupportedParameterType() => AssertReports("IPCG0003",
        "[IpcEndpoint] public partial interface IFoo { void A([|System.IO.Stream|] s); }", "'System.IO.Stream'");

    [Test]
    public void UnsupportedReturnType() => AssertReports("IPCG0003",
        "[IpcEndpoint] public partial interface IFoo { [|object|] A(); }", "The return value");

    [Test]
    public void UnsupportedElementType() => AssertReports("IPCG0003",
        "[IpcEndpoint] public partial interface IFoo { void A([|List<object>|] s); }", "List<object>");

    [Test]
    public void NullableDictionaryKey() => AssertReports("IPCG0003",
        "[IpcEndpoint] public partial interface IFoo { void A([|Dictionary<string?, int>|] s); }",
        "dictionary keys cannot be nullable");

    [Test]
    public void RefParameter() => AssertReports("IPCG0004",
        "[IpcEndpoint] public partial interface IFoo { void A([|ref int x|]); }", "'x'");

    [Test]
    public void OutParameter() => AssertReports("IPCG0004",
        "[IpcEndpoint] public partial interface IFoo { void A([|out int x|]); }");

    [Test]
    public void GenericMethod() => AssertReports("IPCG0005",
        "[IpcEndpoint] public partial interface IFoo { void [|A|]<T>(int x); }");

    [Test]
    public void GenericEndpoint() => AssertReports("IPCG0006",
        "[IpcEndpoint] public partial interface [|IFoo|]<T> { void A(); }");

    [Test]
    public void Property() => AssertReports("IPCG0007",
        "[IpcEndpoint] public partial interface IFoo { int [|Count|] { get; } }", "is a property");

    [Test]
    public void Event() => AssertReports("IPCG0007",
        "[IpcEndpoint] public partial interface IFoo { event EventHandler [|Changed|]; }", "is an event");

    [Test]
    public void StaticMember() => AssertReports("IPCG0007",
        "[IpcEndpoint] public partial interface IFoo { static void [|A|]() { } }", "static member");

    [Test]
    public void Overload() => AssertReports("IPCG0008",
        "[IpcEndpoint] public partial interface IFoo { void A(int x); void [|A|](string y); }");

    [Test]
    public void DuplicateMagic()
    {
        // These two names have the same 32-bit FNV-1a hash, 0xCF04BFBF.
        AssertReports("IPCG0009", """
            namespace Ns;
            [IpcEndpoint] public partial interface IfbQWNuoB { void A(); }
            [IpcEndpoint] public partial interface [|IHuYcsXqW|] { void A(); }
            """, "0xCF04BFBF");
    }

    [Test]
    public void DuplicateMessageIdFromHash()
    {
        // These two names have the same 31-bit FNV-1a hash, 0x1F599616.
        AssertReports("IPCG0010",
            "[IpcEndpoint] public partial interface IFoo { void MmemDyhmC(); void [|MTICdSMxF|](); }",
            "0x1F599616");
    }

    [Test]
    public void DuplicateMessageIdFromAttribute() => AssertReports("IPCG0010",
        "[IpcEndpoint] public partial interface IFoo { [MessageId(5)] void A(); [MessageId(5)] void [|B|](); }");

    [Test]
    public void SyncOnTask() => AssertReports("IPCG0011",
        "[IpcEndpoint] public partial interface IFoo { [Sync] Task [|A|](); }");

    [Test]
    public void CancellationTokenOnVoid() => AssertReports("IPCG0012",
        "[IpcEndpoint] public partial interface IFoo { void A([|CancellationToken token|]); }");

    [Test]
    public void CancellationTokenNotLast() => AssertReports("IPCG0012",
        "[IpcEndpoint] public partial interface IFoo { Task A([|CancellationToken token|], int x); }");

    [Test]
    public void MaxLengthNotPositive() => AssertReports("IPCG0013",
        "[IpcEndpoint] public partial interface IFoo { void A([[|MaxLength(0)|]] string s); }", "must be positive");

    [Test]
    public void MaxLengthOnUnsupportedType() => AssertReports("IPCG0013",
        "[IpcEndpoint] public partial interface IFoo { void A([[|MaxLength(4)|]] int x); }", "not 'int'");

    [Test]
    public void ReturnMaxLengthOnUnsupportedType() => AssertReports("IPCG0013",
        "[IpcEndpoint] public partial interface IFoo { [return: [|MaxLength(4)|]] int A(); }", "the return value");

    [Test]
    public void EndpointLimitAboveTransport() => AssertReports("IPCG0014",
        "[IpcEndpoint([|MaxPayloadBytes = 0x7FFFFFFF|])] public partial interface IFoo { void A(); }",
        "67108864");

    [Test]
    public void EndpointLimitNegative() => AssertReports("IPCG0014",
        "[IpcEndpoint([|MaxAttachments = -1|])] public partial interface IFoo { void A(); }", "128");

    [Test]
    public void ValueTask() => AssertReports("IPCG0015",
        "[IpcEndpoint] public partial interface IFoo { [|ValueTask<int>|] A(); }");

    [Test]
    public void NegativeMessageId() => AssertReports("IPCG0016",
        "[IpcEndpoint] public partial interface IFoo { [[|MessageId(-1)|]] void A(); }");

    [Test]
    public void ResponseNameCollision() => AssertReports("IPCG0017",
        "[IpcEndpoint] public partial interface IFoo { int Add(); void [|AddResponse|](); }");

    [Test]
    public void InheritedInterface() => AssertReports("IPCG0018",
        "[IpcEndpoint] public partial interface IFoo : [|IDisposable|] { void A(); }");

    [Test]
    public void InvalidEndpointGeneratesNothing()
    {
        var (result, _) = GeneratorHarness.Run(Usings + "[IpcEndpoint] public interface IFoo { void A(); }");
        Assert.That(result.GeneratedSources, Is.Empty);
    }
}

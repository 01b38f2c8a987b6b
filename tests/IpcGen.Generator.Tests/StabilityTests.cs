using System.Text.RegularExpressions;
using IpcGen.Generator.Tests.Infrastructure;

namespace IpcGen.Generator.Tests;

/// <summary>Magics and message ids depend only on names, and the shape hash only on what travels on the wire.
/// </summary>
public sealed partial class StabilityTests
{
    private static string Generate(string members) =>
        GeneratorHarness.Run($"namespace N; [IpcGen.IpcEndpoint] public partial interface IFoo {{ {members} }}")
            .Result.GeneratedSources.Single().SourceText.ToString();

    private static string ShapeHash(string generated) => ShapeHashPattern().Match(generated).Groups[1].Value;

    private static string MessageId(string generated, string className) =>
        Regex.Match(generated, $@"class {className} :[\s\S]*?public const uint Id = (0x[0-9A-F]+)u;").Groups[1].Value;

    [GeneratedRegex(@"ShapeHashValue = (0x[0-9A-F]+)UL;")]
    private static partial Regex ShapeHashPattern();

    [Test]
    public void IdsSurviveReorderAndAddition()
    {
        var before = Generate("void A(int x); int B();");
        var after = Generate("void C(); int B(); void A(int x);");
        Assert.That(MessageId(after, "A"), Is.EqualTo(MessageId(before, "A")));
        Assert.That(MessageId(after, "B"), Is.EqualTo(MessageId(before, "B")));
        Assert.That(MessageId(after, "BResponse"), Is.EqualTo(MessageId(before, "BResponse")));
    }

    [Test]
    public void MessageIdAttributeOverridesHash()
    {
        var generated = Generate("[IpcGen.MessageId(42)] void A(int x);");
        Assert.That(MessageId(generated, "A"), Is.EqualTo("0x0000002A"));
    }

    [Test]
    public void ShapeHashIgnoresParameterNames()
    {
        Assert.That(ShapeHash(Generate("void A(int y);")), Is.EqualTo(ShapeHash(Generate("void A(int x);"))));
    }

    [Test]
    public void ShapeHashChangesWithType()
    {
        Assert.That(ShapeHash(Generate("void A(long x);")), Is.Not.EqualTo(ShapeHash(Generate("void A(int x);"))));
    }

    [Test]
    public void ShapeHashChangesWithKind()
    {
        Assert.That(ShapeHash(Generate("[IpcGen.Sync] void A();")), Is.Not.EqualTo(ShapeHash(Generate("void A();"))));
    }

    [Test]
    public void ShapeHashChangesWithLimit()
    {
        Assert.That(ShapeHash(Generate("void A([IpcGen.MaxLength(4)] string x);")),
            Is.Not.EqualTo(ShapeHash(Generate("void A(string x);"))));
    }

    [Test]
    public void ShapeHashChangesWithNullability()
    {
        Assert.That(ShapeHash(Generate("void A(string? x);")),
            Is.Not.EqualTo(ShapeHash(Generate("void A(string x);"))));
    }
}

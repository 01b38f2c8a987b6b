using IpcGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IpcGen.Generator.Tests;

/// <summary>The generator gives Rent and Return to the messages of sync and one-way calls whose values are all plain,
/// and to no other message, without changing the public surface of any message.</summary>
public sealed class PoolingGeneratorTests
{
    private const string Source = """
        using IpcGen;
        using MessagePack;

        namespace N;

        public enum Mode { On, Off }

        [MessagePackObject]
        public sealed record Point([property: Key(0)] int X, [property: Key(1)] int Y);

        [MessagePackObject]
        public struct Pair
        {
            [Key(0)] public int First;
            [Key(1)] public int Second;
        }

        [IpcEndpoint]
        public partial interface IFoo
        {
            int Add(int a, long b);
            [Sync] void Ping();
            void Post(double value, Mode mode, char letter, bool flag, byte small, ulong large, float ratio);
            Guid Stamp(DateTime time, TimeSpan span, DateTimeOffset offset, decimal amount);
            int? Maybe(Mode? mode, short? number);
            void Text(string text);
            void Bytes(byte[] bytes);
            void Memory(ReadOnlyMemory<byte> data);
            int Sum(int[] values);
            void File(Attachment file);
            Point Nested(Point point);
            void Struct(Pair pair);
            string Name(int id);
            int Length(string text);
            Task<int> Later(int value);
            Task Flush();
            Task<int> Cancellable(int value, CancellationToken cancellationToken);
        }
        """;

    private static readonly Lazy<Compilation> s_output = new(() =>
    {
        var (result, output) = GeneratorHarness.Run(Source);
        Assert.That(result.Diagnostics, Is.Empty);
        return output;
    });

    [TestCase("Add")]
    [TestCase("AddResponse")]
    [TestCase("Ping")]
    [TestCase("PingResponse")]
    [TestCase("Post")]
    [TestCase("Stamp")]
    [TestCase("StampResponse")]
    [TestCase("Maybe")]
    [TestCase("MaybeResponse")]
    [TestCase("SumResponse")]
    [TestCase("Name")]
    [TestCase("LengthResponse")]
    public void PlainMessageHasRentAndReturn(string className)
    {
        var type = MessageClass(className);

        var rent = type.GetMembers("Rent").OfType<IMethodSymbol>().SingleOrDefault();
        var giveBack = type.GetMembers("Return").OfType<IMethodSymbol>().SingleOrDefault();

        Assert.That(rent, Is.Not.Null, "Rent");
        Assert.That(giveBack, Is.Not.Null, "Return");
        Assert.That(rent!.IsStatic, Is.True);
        Assert.That(rent.DeclaredAccessibility, Is.EqualTo(Accessibility.Internal));
        Assert.That(giveBack!.DeclaredAccessibility, Is.EqualTo(Accessibility.Internal));
        var constructor = type.InstanceConstructors.Single();
        Assert.That(rent.Parameters.Select(p => p.Type.ToDisplayString()),
            Is.EqualTo(constructor.Parameters.Select(p => p.Type.ToDisplayString())));
    }

    [TestCase("Text")]
    [TestCase("Bytes")]
    [TestCase("Memory")]
    [TestCase("Sum")]
    [TestCase("File")]
    [TestCase("Nested")]
    [TestCase("NestedResponse")]
    [TestCase("Struct")]
    [TestCase("NameResponse")]
    [TestCase("Length")]
    [TestCase("Later")]
    [TestCase("LaterResponse")]
    [TestCase("Flush")]
    [TestCase("FlushResponse")]
    [TestCase("Cancellable")]
    [TestCase("CancellableResponse")]
    public void OtherMessageHasNoPool(string className)
    {
        var type = MessageClass(className);

        Assert.That(type.GetMembers("Rent"), Is.Empty);
        Assert.That(type.GetMembers("Return"), Is.Empty);
        Assert.That(type.GetMembers("s_pool"), Is.Empty);
        Assert.That(type.GetMembers().OfType<IPropertySymbol>().Where(p => p.SetMethod is not null), Is.Empty);
    }

    [TestCase("Add")]
    [TestCase("Post")]
    [TestCase("StampResponse")]
    public void PooledMessageKeepsPublicSurface(string className)
    {
        var type = MessageClass(className);

        var properties = type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p.Name is not ("EndpointMagic" or "MessageId")).ToList();
        Assert.That(properties, Is.Not.Empty);
        Assert.That(properties.Select(p => p.DeclaredAccessibility), Is.All.EqualTo(Accessibility.Public));
        Assert.That(properties.Select(p => p.SetMethod?.DeclaredAccessibility),
            Is.All.EqualTo(Accessibility.Private));
        Assert.That(type.InstanceConstructors.Single().DeclaredAccessibility, Is.EqualTo(Accessibility.Public));
        var publicMembers = type.GetMembers()
            .Where(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsImplicitlyDeclared)
            .Select(m => m.Name);
        Assert.That(publicMembers, Does.Not.Contain("Rent").And.Not.Contain("Return"));
    }

    [Test]
    public void PooledEndpointCompiles() =>
        Assert.That(GeneratorHarness.Problems(s_output.Value), Is.Empty);

    [Test]
    public void PoolMemberNamesAsMethodsCompile()
    {
        var (result, output) = GeneratorHarness.Run("""
            namespace N;
            [IpcGen.IpcEndpoint]
            public partial interface IFoo
            {
                int Rent(int rent);
                [IpcGen.Sync] void Return(int @return, int message, int s_pool, int _rented);
                long Use(long request, long response, long result, long requestMessage);
                void Post(int request, int reader, int attachments, int Rent);
            }
            """);

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(GeneratorHarness.Problems(output), Is.Empty);
        Assert.That(output.GetTypeByMetadataName("N.FooMessages+RentRequest"), Is.Not.Null);
        Assert.That(output.GetTypeByMetadataName("N.FooMessages+ReturnRequest"), Is.Not.Null);
        var rent = output.GetTypeByMetadataName("N.FooMessages+RentRequest")!;
        Assert.That(rent.GetMembers("RentArgument"), Has.Length.EqualTo(1));
    }

    private static INamedTypeSymbol MessageClass(string className)
    {
        var type = s_output.Value.GetTypeByMetadataName("N.FooMessages+" + className);
        Assert.That(type, Is.Not.Null, $"No generated message class {className}.");
        return type!;
    }
}

using System.Globalization;
using System.Reflection;

namespace IpcGen.Samples.Tests;

/// <summary>Packs the libraries and builds an application the way a user would: one package reference, an
/// annotated interface, and nothing else.</summary>
[TestFixture]
public sealed class PackageTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    private const string ConsumerProgram = """
        using IpcGen;
        using IpcGen.Unix;

        var (local, remote) = UnixTransport.CreatePaired();
        using var server = new Connection<ICalc, IClient>(UnixTransport.Adopt(remote), new Calc());
        using var client = new Connection<IClient, ICalc>(local, new Client());
        server.Start();
        client.Start();
        Console.WriteLine(client.Peer.Add(2, 3));

        [IpcEndpoint]
        public partial interface ICalc
        {
            int Add(int a, int b);
        }

        [IpcEndpoint]
        public partial interface IClient
        {
            void Ping();
        }

        sealed class Calc : ICalc
        {
            public int Add(int a, int b) => a + b;
        }

        sealed class Client : IClient
        {
            public void Ping()
            {
            }
        }
        """;

    [Test]
    public void TransportPackage_AloneBringsGenerator()
    {
        string root = RepositoryRoot();
        string work = Directory.CreateTempSubdirectory("ipcgen-package-").FullName;

        // A version of its own for every run, so that NuGet's global package cache cannot serve an older build.
        string version = string.Create(CultureInfo.InvariantCulture,
            $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}");
        try
        {
            string feed = Path.Combine(work, "feed");
            foreach (string project in new[] { "src/IpcGen.Runtime", "src/IpcGen.Transport.Unix" })
            {
                Dotnet("pack", Path.Combine(root, project), "-c", "Release", "-o", feed,
                    "--artifacts-path", Path.Combine(work, "artifacts"), $"-p:Version={version}");
            }

            string consumer = Path.Combine(work, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), ConsumerProgram);
            File.WriteAllText(Path.Combine(consumer, "consumer.csproj"), ConsumerProject(version, feed));

            var run = Dotnet("run", "--project", consumer);

            Assert.That(run.OutputLines, Has.Some.EqualTo("5"), run.ToString());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            RemoveFromPackageCache(version);
        }
    }

    private static string ConsumerProject(string version, string feed) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <RestoreAdditionalProjectSources>{feed}</RestoreAdditionalProjectSources>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="IpcGen.Transport.Unix" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    private static ProcessRun Dotnet(params string[] arguments)
    {
        var run = ProcessRun.Start("dotnet", arguments, s_timeout);
        Assert.That(run.ExitCode, Is.Zero, $"dotnet {string.Join(' ', arguments)}: {run}");
        return run;
    }

    private static string RepositoryRoot()
    {
        string? root = typeof(PackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
        Assert.That(root is not null && File.Exists(Path.Combine(root, "IpcGen.sln")), Is.True,
            $"The repository root recorded at build time ('{root}') does not contain IpcGen.sln.");
        return root!;
    }

    private static void RemoveFromPackageCache(string version)
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "ipcgen", "ipcgen.transport.unix" })
        {
            string folder = Path.Combine(cache, id, version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

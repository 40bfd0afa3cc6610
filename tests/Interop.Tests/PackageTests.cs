using ZeroContracts.Interop.Tests.Support;

namespace ZeroContracts.Interop.Tests;

/// <summary>A user's project references the one ZeroContracts package and gets the generator with it.</summary>
public sealed class PackageTests
{
    private const string Contract = """
        using ZeroContracts;

        [ReqRep]
        public interface IGreeter
        {
            Task<string> GreetAsync(string name, int times, CancellationToken ct = default);
        }

        public sealed class Greeter : IGreeter
        {
            public Task<string> GreetAsync(string name, int times, CancellationToken ct = default) =>
                Task.FromResult(string.Concat(Enumerable.Repeat($"hello {name}! ", times)).Trim());
        }
        """;

    private const string Program = """
        await using var server = new GreeterServer(new Greeter(), "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new GreeterClient(server.Endpoint);
        Console.WriteLine(await client.GreetAsync("package", 2));
        """;

    [Fact]
    public async Task A_project_with_only_a_PackageReference_gets_generated_stubs_that_work()
    {
        var work = Directory.CreateTempSubdirectory("zc-package-");

        // Packs what this test run already built (no second build racing the other test projects), under a version of
        // its own, so NuGet's cache cannot hand back an older build of the package.
        var version = $"0.0.1-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            using (var pack = RunningProcess.Start("dotnet", new[] { "pack", Path.Combine(Programs.RepoRoot, "src", "Runtime"), "--no-build", "-c", Programs.Configuration, "-o", feed, $"-p:Version={version}" }))
            {
                (await pack.WaitForExitAsync(TimeSpan.FromMinutes(4))).ShouldBe(0, string.Join('\n', pack.Lines) + pack.Errors);
            }

            var app = Path.Combine(work.FullName, "app");
            Directory.CreateDirectory(app);
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <configuration><packageSources><add key="local" value="{feed}" /></packageSources></configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ZeroContracts" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Greeter.cs"), Contract);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), Program);

            using var run = RunningProcess.Start("dotnet", new[] { "run", "--project", app });
            (await run.WaitForExitAsync(TimeSpan.FromMinutes(4))).ShouldBe(0, string.Join('\n', run.Lines) + run.Errors);
            run.Lines.ShouldContain("hello package! hello package!");
        }
        finally
        {
            work.Delete(recursive: true);

            // The app's restore copied this one-off version into NuGet's global package folder; nothing will use it again.
            var cached = Path.Combine(GlobalPackagesFolder(), "zerocontracts", version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
    }

    /// <summary>NuGet's global package folder as NuGet finds it by default: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}

using System.Linq;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>The exact message of each ZC1001-ZC1009 generator diagnostic (DiagnosticTests checks ids and spans), and silence once fixed.</summary>
public sealed class DiagnosticMessageTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using ZeroContracts;

        """;

    [Theory]
    [InlineData("int Add(int a, int b);", "Task<int> AddAsync(int a, int b);",
        "'IService.Add' returns 'int'; a contract method must return Task, Task<T>, ValueTask or ValueTask<T>")]
    [InlineData("Task SetAsync(ref int x);", "Task SetAsync(int x);",
        "Parameter 'x' of 'IService.SetAsync' is 'ref'; contract parameters are sent by value, so remove the modifier")]
    [InlineData("Task<T> GetAsync<T>(string key);", "Task<string> GetAsync(string key);",
        "'IService.GetAsync' is generic; contract methods cannot have type parameters, so use concrete types")]
    [InlineData("Task GetAsync(); [Operation(\"Get\")] Task FetchAsync();", "Task GetAsync(); [Operation(\"Fetch\")] Task FetchAsync();",
        "'IService.FetchAsync' has operation name 'Get', which 'IService.GetAsync' already has; rename one of them or give it [Operation(\"...\")]")]
    [InlineData("int Count { get; }", "Task<int> GetCountAsync();",
        "'IService.Count' is a property; a contract may declare only methods, so replace it with a method")]
    [InlineData("Task WaitAsync(CancellationToken ct, int seconds);", "Task WaitAsync(int seconds, CancellationToken ct);",
        "Parameter 'ct' of 'IService.WaitAsync' is a CancellationToken but not the last parameter; a contract method may take one CancellationToken, as its last parameter")]
    [InlineData("[Operation(\"has space\")] Task SpaceAsync();", "[Operation(\"has-space\")] Task SpaceAsync();",
        "Operation name 'has space' of 'IService.SpaceAsync' is invalid; use 1 to 200 ASCII letters, digits or '_', '-', '.', '/'")]
    public void Message_names_the_member_and_the_fix(string bad, string good, string message)
    {
        var run = GeneratorHarness.Run(Usings + Contract(bad));
        run.Diagnostics.Select(static d => d.GetMessage(null)).ShouldBe(new[] { message });

        GeneratorHarness.Run(Usings + Contract(good)).Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void ZC1007_message()
    {
        var run = GeneratorHarness.Run(Usings + "[ReqRep] public interface IRepository<T> { Task<T> GetAsync(string key); }");
        run.Diagnostics.Select(static d => d.GetMessage(null)).ShouldBe(new[]
        {
            "Contract 'IRepository' is generic; make it a non-generic interface that is public or internal",
        });
        GeneratorHarness.Run(Usings + "[ReqRep] public interface IRepository { Task<string> GetAsync(string key); }").Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void ZC1009_message()
    {
        var run = GeneratorHarness.Run(Usings + "[ReqRep(Framing = Framing.Bare)] public interface IEcho { Task<string> EchoAsync(int number); }");
        run.Diagnostics.Select(static d => d.GetMessage(null)).ShouldBe(new[]
        {
            "'IEcho.EchoAsync' takes a parameter of type 'int'; a Bare contract has exactly one operation taking one string or byte[] and returning Task<string>, Task<byte[]>, ValueTask<string> or ValueTask<byte[]>",
        });
        GeneratorHarness.Run(Usings + "[ReqRep(Framing = Framing.Bare)] public interface IEcho { Task<string> EchoAsync(string text); }").Diagnostics.ShouldBeEmpty();
    }

    private static string Contract(string members) => $$"""
        [ReqRep]
        public interface IService
        {
            {{members}}
        }
        """;
}

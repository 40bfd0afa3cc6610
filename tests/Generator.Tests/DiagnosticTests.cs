using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>Each ZC1xxx rule: id, severity and span; a contract with a bad member still generates code that compiles, so no CS error follows.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using ZeroContracts;

        """;

    [Theory]
    [InlineData("{|ZC1001:int|} Add(int a, int b);")]
    [InlineData("{|ZC1001:void|} Fire();")]
    [InlineData("{|ZC1001:Task<int>[]|} ManyAsync();")]
    [InlineData("{|ZC1001:System.Collections.Generic.IAsyncEnumerable<int>|} StreamAsync();")]
    public void ZC1001_unsupported_return_type(string member) => Verify(Contract(member));

    [Theory]
    [InlineData("Task SetAsync({|ZC1002:ref int x|});")]
    [InlineData("Task<bool> TryGetAsync(string key, {|ZC1002:out int value|});")]
    [InlineData("Task SendAsync({|ZC1002:in Guid id|});")]
    [InlineData("Task SumAsync({|ZC1002:params int[] values|});")]
    public void ZC1002_ref_out_in_params_parameter(string member) => Verify(Contract(member));

    [Fact]
    public void ZC1003_generic_method() => Verify(Contract("Task<T> {|ZC1003:GetAsync|}<T>(string key);"));

    [Fact]
    public void ZC1004_duplicate_operation_name() => Verify(Contract("""
        Task GetAsync();
        [Operation("Get")] Task {|ZC1004:FetchAsync|}();
        """));

    [Fact]
    public void ZC1004_overloads_with_the_same_wire_name() => Verify(Contract("""
        Task<int> CountAsync();
        Task<int> {|ZC1004:CountAsync|}(string filter);
        """));

    [Theory]
    [InlineData("int {|ZC1005:Count|} { get; }")]
    [InlineData("event EventHandler {|ZC1005:Changed|};")]
    [InlineData("string {|ZC1005:this|}[int index] { get; }")]
    public void ZC1005_property_event_indexer(string member) => Verify(Contract(member));

    [Theory]
    [InlineData("Task WaitAsync({|ZC1006:CancellationToken ct|}, int seconds);")]
    [InlineData("Task WaitAsync({|ZC1006:CancellationToken first|}, CancellationToken second);")]
    public void ZC1006_cancellation_token_not_last(string member) => Verify(Contract(member));

    [Fact]
    public void ZC1007_generic_interface() => Verify("""
        [ReqRep]
        public interface {|ZC1007:IRepository|}<T>
        {
            Task<T> GetAsync(string key);
        }
        """);

    [Fact]
    public void ZC1007_nested_in_generic_type() => Verify("""
        public class Outer<T>
        {
            [ReqRep]
            public interface {|ZC1007:IInner|}
            {
                Task PingAsync();
            }
        }
        """);

    [Fact]
    public void ZC1007_private_nested_interface() => Verify("""
        public class Outer
        {
            [ReqRep]
            private interface {|ZC1007:IHidden|}
            {
                Task PingAsync();
            }
        }
        """);

    [Fact]
    public void ZC1007_protected_in_nested_chain() => Verify("""
        public class Outer
        {
            protected class Middle
            {
                [ReqRep]
                public interface {|ZC1007:IInner|}
                {
                    Task PingAsync();
                }
            }
        }
        """);

    [Theory]
    [InlineData("""[Operation({|ZC1008:""|})] Task EmptyAsync();""")]
    [InlineData("""[Operation({|ZC1008:"has space"|})] Task SpaceAsync();""")]
    [InlineData("""[Operation({|ZC1008:"~1 Get"|})] Task TildeAsync();""")]
    [InlineData("""[Operation({|ZC1008:"é"|})] Task AccentAsync();""")]
    [InlineData("Task {|ZC1008:GrüßeAsync|}();")]
    public void ZC1008_invalid_operation_name(string member) => Verify(Contract(member));

    [Fact]
    public void ZC1008_operation_name_longer_than_200_characters() =>
        Verify(Contract("[Operation({|ZC1008:\"" + new string('a', 201) + "\"|})] Task LongAsync();"));

    [Fact]
    public void Operation_name_of_200_characters_is_valid()
    {
        var run = GeneratorHarness.Run(Usings + Contract($"""[Operation("{new string('a', 200)}")] Task LongAsync();"""));

        run.Diagnostics.ShouldBeEmpty();
        run.Sources.Count.ShouldBe(2);
    }

    [Fact]
    public void ZC1009_bare_with_two_operations() => Verify(Contract("""
        Task<string> EchoAsync(string text);
        Task<string> {|ZC1009:ShoutAsync|}(string text);
        """, bare: true));

    [Fact]
    public void ZC1009_bare_with_an_int_parameter() => Verify(Contract("Task<string> EchoAsync({|ZC1009:int number|});", bare: true));

    [Fact]
    public void ZC1009_bare_without_a_result() => Verify(Contract("{|ZC1009:Task|} SendAsync(string text);", bare: true));

    [Fact]
    public void ZC1009_bare_with_a_json_result() => Verify(Contract("{|ZC1009:ValueTask<int>|} LengthAsync(byte[] data, CancellationToken ct);", bare: true));

    [Fact]
    public void ZC1009_bare_with_two_parameters() => Verify(Contract("Task<string> {|ZC1009:JoinAsync|}(string a, string b);", bare: true));

    [Fact]
    public void ZC1009_bare_without_operations() => Verify("""
        [ReqRep(Framing = Framing.Bare)]
        public interface {|ZC1009:IEmpty|}
        {
        }
        """);

    [Fact]
    public void Bare_with_bytes_and_a_cancellation_token_is_valid()
    {
        var run = GeneratorHarness.Run(Usings + Contract("ValueTask<byte[]> RelayAsync(byte[] data, CancellationToken ct = default);", bare: true));

        run.Diagnostics.ShouldBeEmpty();
        run.Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty();
    }

    [Fact]
    public void Errors_in_a_base_interface_are_reported_where_they_are_declared() => Verify("""
        public interface IBase
        {
            {|ZC1001:int|} Count();
        }

        [ReqRep]
        public interface IDerived : IBase
        {
            Task PingAsync();
        }
        """);

    [Fact]
    public void Several_errors_are_all_reported() => Verify(Contract("""
        {|ZC1001:int|} Add(int a, int b);
        Task SetAsync({|ZC1002:ref int x|});
        int {|ZC1005:Count|} { get; }
        """));

    [Fact]
    public void Descriptors_have_help_links_and_the_contracts_category()
    {
        var ids = Enumerable.Range(1, 9).Select(static i => $"ZC100{i}");
        foreach (var id in ids)
        {
            var descriptor = Diagnostics.Descriptors.ById(id);
            descriptor.DefaultSeverity.ShouldBe(DiagnosticSeverity.Error);
            descriptor.Category.ShouldBe(Diagnostics.Descriptors.ContractsCategory);
            descriptor.HelpLinkUri.ShouldEndWith("docs/diagnostics.md#" + id.ToLowerInvariant());
        }
    }

    private static string Contract(string members, bool bare = false) => $$"""
        [ReqRep{{(bare ? "(Framing = Framing.Bare)" : "")}}]
        public interface IService
        {
        {{members}}
        }
        """;

    private static void Verify(string markup) => GeneratorHarness.VerifyDiagnostics(Usings + markup);
}

using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>
/// Generator errors added with the diagnostics catalog (ZC1011, ZC1012, and ZC2003/ZC2004 on parameters): exact id, span
/// and message, no CS error after them (ZC1011 generates nothing, the others leave the rest of the contract generated);
/// the corrected contract generates clean code.
/// </summary>
public sealed class ContractClashTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using ZeroContracts;

        """;

    [Fact]
    public void ZC1011_generated_client_name_is_a_user_class() => Verify("""
        namespace Acme;

        public sealed class WeatherClient { }

        [ReqRep]
        public interface {|ZC1011:IWeather|}
        {
            Task<int> TemperatureAsync(string city);
        }
        """, "Contract 'IWeather' generates 'WeatherClient', but 'WeatherClient' is already declared as a class that is not partial; rename the contract or that type, or declare it as a 'partial class' to extend the generated one");

    [Fact]
    public void ZC1011_generated_server_name_is_a_struct() => Verify("""
        namespace Acme;

        public struct WeatherServer { }

        [ReqRep]
        public interface {|ZC1011:IWeather|}
        {
            Task<int> TemperatureAsync(string city);
        }
        """, "Contract 'IWeather' generates 'WeatherServer', but 'WeatherServer' is already declared as a struct; rename the contract or that type, or declare it as a 'partial class' to extend the generated one");

    [Fact]
    public void ZC1011_two_contracts_would_generate_the_same_types() => Verify("""
        namespace Acme;

        public static class Legacy
        {
            [ReqRep]
            public interface {|ZC1011:IWeather|}
            {
                Task PingAsync();
            }
        }

        [ReqRep]
        public interface {|ZC1011:IWeather|}
        {
            Task<int> TemperatureAsync(string city);
        }
        """,
        "Contract 'IWeather' generates 'WeatherClient', but 'WeatherClient' is already declared as the generated code of contract 'Acme.IWeather'; rename the contract or that type, or declare it as a 'partial class' to extend the generated one",
        "Contract 'IWeather' generates 'WeatherClient', but 'WeatherClient' is already declared as the generated code of contract 'Acme.Legacy.IWeather'; rename the contract or that type, or declare it as a 'partial class' to extend the generated one");

    [Fact]
    public void ZC1011_two_pubsub_contracts_would_generate_the_same_types() => Verify("""
        namespace Acme;

        public static class Legacy
        {
            [PubSub]
            public interface {|ZC1011:IFeed|}
            {
                void Tick(int value);
            }
        }

        [PubSub]
        public interface {|ZC1011:IFeed|}
        {
            void Tock(int value);
        }
        """,
        "Contract 'IFeed' generates 'FeedPublisher', but 'FeedPublisher' is already declared as the generated code of contract 'Acme.IFeed'; rename the contract or that type, or declare it as a 'partial class' to extend the generated one",
        "Contract 'IFeed' generates 'FeedPublisher', but 'FeedPublisher' is already declared as the generated code of contract 'Acme.Legacy.IFeed'; rename the contract or that type, or declare it as a 'partial class' to extend the generated one");

    [Fact]
    public void Contracts_of_different_patterns_with_one_base_name_do_not_clash() => Clean("""
        namespace Acme;

        public static class Events
        {
            [PubSub]
            public interface IWeather
            {
                void Changed(string city);
            }
        }

        [ReqRep]
        public interface IWeather
        {
            Task<int> TemperatureAsync(string city);
        }
        """);

    [Fact]
    public void A_partial_class_of_the_generated_name_extends_it() => Clean("""
        namespace Acme;

        public sealed partial class WeatherClient
        {
            public Task<int> FreezingAsync() => TemperatureAsync("Oslo");
        }

        [ReqRep]
        public interface IWeather
        {
            Task<int> TemperatureAsync(string city);
        }
        """);

    [Theory]
    [InlineData("Task {|ZC1012:Dispose|}();", "'IService.Dispose' clashes with 'Dispose()', which the generated 'ServiceClient' declares; rename the method (its operation name can stay the same with [Operation(\"...\")])")]
    [InlineData("ValueTask {|ZC1012:DisposeAsync|}();", "'IService.DisposeAsync' clashes with 'DisposeAsync()', which the generated 'ServiceClient' declares; rename the method (its operation name can stay the same with [Operation(\"...\")])")]
    [InlineData("Task<string> {|ZC1012:Endpoint|}(int shard);", "'IService.Endpoint' clashes with 'Endpoint', which the generated 'ServiceClient' declares; rename the method (its operation name can stay the same with [Operation(\"...\")])")]
    [InlineData("Task<string> {|ZC1012:ToString|}();", "'IService.ToString' clashes with 'object.ToString()', which the generated 'ServiceClient' declares; rename the method (its operation name can stay the same with [Operation(\"...\")])")]
    [InlineData("Task<bool> {|ZC1012:Equals|}(object other);", "'IService.Equals' clashes with 'object.Equals(object)', which the generated 'ServiceClient' declares; rename the method (its operation name can stay the same with [Operation(\"...\")])")]
    [InlineData("Task {|ZC1012:ServiceClient|}();", "'IService.ServiceClient' clashes with 'ServiceClient (its own name)', which the generated 'ServiceClient' declares; rename the method (its operation name can stay the same with [Operation(\"...\")])")]
    public void ZC1012_method_clashes_with_a_generated_member(string member, string message) => Verify(Contract(member), message);

    [Fact]
    public void Methods_named_like_server_members_or_overloads_of_client_members_are_fine() => Clean(Contract("""
        Task Start();
        Task RunAsync(CancellationToken ct);
        Task Dispose(int graceSeconds);
        [Operation("Stop")] Task DisposeAsync(bool wait);
        """));

    [Fact]
    public void ZC1004_same_operation_in_two_base_interfaces_is_reported_once_on_the_later_one_in_operation_order() => Verify("""
        public interface IReads { Task<string> {|ZC1004:GetAsync|}(string key); }
        public interface IWrites { Task PutAsync(string key, string value); [Operation("Get")] Task<string> FetchAsync(string key); }
        public interface IBoth : IWrites, IReads { }

        [ReqRep]
        public interface IStore : IBoth, IReads
        {
            Task PingAsync();
        }
        """, "'IReads.GetAsync' has operation name 'Get', which 'IWrites.FetchAsync' already has; rename one of them or give it [Operation(\"...\")]");

    [Fact]
    public void A_base_interface_reached_along_two_paths_counts_once() => Clean("""
        public interface IReads { Task<string> GetAsync(string key); }
        public interface IWrites : IReads { Task PutAsync(string key, string value); }

        [ReqRep]
        public interface IStore : IWrites, IReads
        {
            Task PingAsync();
        }
        """);

    [Fact]
    public void ZC2004_span_parameter() => Verify(Contract("Task WriteAsync({|ZC2004:ReadOnlySpan<byte> data|});"),
        "Parameter 'data' of 'IService.WriteAsync' uses ref struct 'System.ReadOnlySpan<byte>'; it cannot outlive the call or be serialized, so use an array, string or Memory<T> instead");

    [Fact]
    public void ZC2003_pointer_parameter() => Verify(Contract("unsafe Task WriteAsync({|ZC2003:byte* data|});"),
        "Parameter 'data' of 'IService.WriteAsync' uses pointer type 'byte*'; an address means nothing in another process, so send the value it points to");

    [Fact]
    public void Memory_instead_of_span_is_fine() => Clean(Contract("Task WriteAsync(ReadOnlyMemory<byte> data, byte[] copy);"));

    private static string Contract(string members) => $$"""
        [ReqRep]
        public interface IService
        {
        {{members}}
        }
        """;

    private static void Verify(string markup, params string[] messages) => GeneratorHarness.VerifyDiagnostics(Usings + markup, messages);

    private static void Clean(string source)
    {
        var run = GeneratorHarness.Run(Usings + source);
        run.Diagnostics.ShouldBeEmpty();
        run.Result.GeneratedTrees.ShouldNotBeEmpty();
        run.Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => d.ToString()).ShouldBeEmpty();
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Shouldly;
using Xunit;
using ZeroContracts.Generator.Diagnostics;
using ZeroContracts.Generator.Diagnostics.Analyzers;

namespace ZeroContracts.Generator.Tests;

/// <summary>
/// A contract with a bad member still generates its types: user code that names them compiles, and the only
/// diagnostics are the ZC errors on the member at fault, never a CS error or warning in generated or user code.
/// </summary>
public sealed class ErrorRecoveryTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ZeroContracts;

        public interface IShape { double Area { get; } }
        public delegate void Job();
        public sealed class Token { private Token() { } }
        public sealed class Plugin { public Type? Kind { get; set; } }
        public sealed record Point(int X, int Y);

        """;

    /// <summary>Member- and parameter-level errors: each generates the types, and the bad member only throws.</summary>
    public static TheoryData<string, string> Cases() => new()
    {
        { "ReqRep", "{|ZC1001:int|} Add(int a, int b);" },
        { "ReqRep", "{|ZC1001:void|} Fire(string text = \"x\");" },
        { "ReqRep", "{|ZC1001:ref int|} Slot(int index);" },
        { "ReqRep", "Task<bool> TryGetAsync(string key, {|ZC1002:out int value|}, int retries = 3);" },
        { "ReqRep", "Task SetAsync({|ZC1002:ref int x|}, {|ZC1002:in Guid id|});" },
        { "ReqRep", "Task SumAsync({|ZC1002:params int[] values|});" },
        { "ReqRep", "Task<T> {|ZC1003:GetAsync|}<T>(string key);" },
        { "ReqRep", "Task<T?> {|ZC1003:FindAsync|}<T>(string key) where T : class;" },
        { "ReqRep", "Task<T?> {|ZC1003:MaybeAsync|}<T>(T? fallback) where T : struct;" },
        { "ReqRep", "Task<T?> {|ZC1003:AnyAsync|}<T>(T? fallback);" },
        { "ReqRep", "Task<T?> {|ZC1003:RawAsync|}<T>(T? fallback) where T : unmanaged;" },
        { "ReqRep", "Task<T?> {|ZC1003:OrNullAsync|}<T>(T? fallback) where T : class?;" },
        { "ReqRep", "Task<T> {|ZC1003:KeyAsync|}<T, U>(U key) where T : notnull, IComparable<T> where U : struct, IEquatable<U>;" },
        { "ReqRep", "[Operation(\"Ping\")] Task {|ZC1004:FetchAsync|}();" },
        { "ReqRep", "Task<string> {|ZC1004:PingAsync|}(string text, int times);" },
        { "ReqRep", "int {|ZC1005:Count|} { get; }" },
        { "ReqRep", "string? {|ZC1005:Name|} { get; set; }" },
        { "ReqRep", "string {|ZC1005:Label|} { get; init; }" },
        { "ReqRep", "event EventHandler? {|ZC1005:Changed|};" },
        { "ReqRep", "string {|ZC1005:this|}[int index] { get; }" },
        { "ReqRep", "Task WaitAsync({|ZC1006:CancellationToken ct|}, int seconds = 1);" },
        { "ReqRep", "[Operation({|ZC1008:\"has space\"|})] Task SpaceAsync();" },
        { "ReqRep", "Task {|ZC1008:GrüßeAsync|}();" },
        { "ReqRep", "Task {|ZC1012:Dispose|}();" },
        { "ReqRep", "Task<string> {|ZC1012:Endpoint|}(int shard);" },
        { "ReqRep", "Task<string> {|ZC1012:ToString|}();" },
        { "ReqRep", "Task {|ZC1012:ServiceClient|}();" },
        { "ReqRep", "Task DrawAsync({|ZC2001:IShape shape|});" },
        { "ReqRep", "Task RunAsync({|ZC2002:Job job|});" },
        { "ReqRep", "unsafe Task WriteAsync({|ZC2003:byte* data|}, int length = 0);" },
        { "ReqRep", "Task WriteAsync({|ZC2004:ReadOnlySpan<byte> data|});" },
        { "ReqRep", "{|ZC2006:Task<Token>|} LoginAsync(string user);" },
        { "ReqRep", "Task LoadAsync({|ZC2007:Plugin plugin|});" },
        { "ReqRep", "{|ZC1001:int|} Mixed({|ZC1002:ref int x|}, {|ZC1006:CancellationToken ct|}, int y);" },
        { "Bare", "Task<string> {|ZC1009:ShoutAsync|}(string text);" },
        { "PubSub", "{|ZC1101:int|} Count(string text);" },
        { "PubSub", "[Topic(\"Ping\")] void {|ZC1102:Story|}(string text);" },
        { "PubSub", "[Topic({|ZC1104:\"\"|})] void Empty(string text);" },
        { "PubSub", "[Topic({|ZC1105:\"temp/city\"|})] void Slash(string text = \"x\");" },
        { "PubSub", "void Move({|ZC1106:[TopicKey] Point point|});" },
        { "PubSub", "[{|ZC1107:Operation(\"work\")|}] void Check(long candidate);" },
        { "PubSub", "void Send(string text, {|ZC1109:CancellationToken ct|});" },
        { "PubSub", "void Set({|ZC1002:ref int x|});" },
        { "PubSub", "void {|ZC1003:Run|}<T>(T value);" },
        { "PubSub", "int {|ZC1005:Count|} { get; set; }" },
        { "PubSub", "void Tick({|ZC2004:ReadOnlySpan<byte> data|});" },
        { "PubSub", "void Draw({|ZC2001:IShape shape|});" },
        { "BarePubSub", "void {|ZC1108:Shout|}(string text);" },
        { "Pipeline", "{|ZC1101:ValueTask<bool>|} Check(long candidate);" },
        { "Pipeline", "[Operation(\"Ping\")] void {|ZC1004:Verify|}(long candidate);" },
        { "Pipeline", "void Check(long candidate, [{|ZC1107:TopicKey|}] string shard);" },
        { "Pipeline", "[Operation({|ZC1008:\"has space\"|})] void Space(string text);" },
        { "Pipeline", "void Send(string text, {|ZC1109:CancellationToken ct|});" },
        { "Pipeline", "unsafe void Poke({|ZC2003:int* address|});" },
        { "Pipeline", "event EventHandler {|ZC1005:Done|};" },
        { "Pipeline", "void Equals({|ZC1002:out int x|});" },
        { "BarePipeline", "void {|ZC1108:Run|}(Point point);" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_member_yields_only_its_ZC_errors_and_the_generated_types_stay_usable(string pattern, string member)
    {
        var (source, expected) = Markup.Parse(Usings + Contract(pattern, member) + UserCode(pattern));
        var (run, diagnostics) = Compile(source);

        run.Result.GeneratedTrees.Length.ShouldBe(2);
        var dump = string.Join("\n", diagnostics);
        diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(static d => (d.Id, d.Location.SourceSpan)).OrderBy(static d => d.SourceSpan.Start).ToList()
            .ShouldBe(expected.OrderBy(static e => e.Span.Start).ToList(), dump);
        diagnostics.Where(static d => d.Id.StartsWith("ZC")).ShouldAllBe(static d => d.Severity == DiagnosticSeverity.Error, dump);
    }

    [Fact]
    public void Every_member_level_error_of_the_catalog_is_in_the_table()
    {
        // Contract-level errors (the contract cannot be implemented or named, its generated names are taken, two patterns)
        // and raw-socket rules are not about a member.
        var contractLevel = new[] { "ZC1007", "ZC1010", "ZC1011" };
        var errors = CatalogTests.All
            .Where(static d => d.DefaultSeverity == DiagnosticSeverity.Error && d.Category != Descriptors.SocketsCategory)
            .Select(static d => d.Id)
            .Except(contractLevel);
        var covered = Cases().Select(static row => Markup.Parse((string)row[1]).Expected).SelectMany(static e => e).Select(static e => e.Id).ToHashSet();

        errors.Where(id => !covered.Contains(id)).ShouldBeEmpty();
    }

    [Fact]
    public void Errors_in_a_base_interface_generate_explicit_implementations_of_the_base()
    {
        var (source, expected) = Markup.Parse(Usings + """
            public interface IBase
            {
                {|ZC1001:int|} Count();
                [Operation("Ping")] Task<string> {|ZC1004:EchoAsync|}(string text);
            }

            """ + Contract("ReqRep", "") .Replace("public interface IService", "public interface IService : IBase") + UserCode("ReqRep"));
        var (_, diagnostics) = Compile(source);

        diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => (d.Id, d.Location.SourceSpan)).ToList()
            .ShouldBe(expected.ToList(), string.Join("\n", diagnostics));
    }

    [Fact]
    public void A_bad_method_of_a_base_interface_two_contracts_extend_is_reported_once()
    {
        var (source, expected) = Markup.Parse(Usings + """
            public interface IBase { {|ZC1001:int|} Count(); }

            [ReqRep] public interface IReads : IBase { Task<string> GetAsync(string key); }
            [ReqRep] public interface IWrites : IBase { Task PutAsync(string key); }
            """);
        var (run, diagnostics) = Compile(source);

        run.Result.GeneratedTrees.Length.ShouldBe(4);
        diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => (d.Id, d.Location.SourceSpan)).ToList()
            .ShouldBe(expected.ToList(), string.Join("\n", diagnostics));
    }

    [Theory]
    [InlineData("[ReqRep, {|ZC1010:Pipeline|}]\npublic interface IJobs { Task RunAsync(string job); int {|ZC1005:Count|} { get; } }", "Client")]
    [InlineData("[PubSub]\n[{|ZC1010:ReqRep|}]\npublic interface IJobs { void Run(string job); }", "Publisher")]
    public void Two_pattern_attributes_make_a_contract_of_the_first_only(string markup, string part)
    {
        var (source, expected) = Markup.Parse(Usings + markup);
        var (run, diagnostics) = Compile(source);

        run.Result.GeneratedTrees.Length.ShouldBe(2);
        run.Result.GeneratedTrees.ShouldContain(t => t.FilePath.EndsWith($".{part}.g.cs"));
        diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => (d.Id, d.Location.SourceSpan)).OrderBy(static d => d.SourceSpan.Start).ToList()
            .ShouldBe(expected.OrderBy(static e => e.Span.Start).ToList(), string.Join("\n", diagnostics));
    }

    [Theory]
    [InlineData("[ReqRep]\npublic interface {|ZC1007:IService|}<T> { Task<T> GetAsync(); }")]
    [InlineData("[ReqRep]\npublic interface {|ZC1007:IService|} { Task PingAsync(); static abstract IService Create(); }")]
    [InlineData("public interface IFactory { static abstract IFactory Create(); }\n[Pipeline]\npublic interface {|ZC1007:IService|} : IFactory { void Ping(); }")]
    [InlineData("public sealed class ServiceClient { }\n[ReqRep]\npublic interface {|ZC1011:IService|} { Task PingAsync(); }")]
    [InlineData("public sealed class ServicePuller { }\n[Pipeline]\npublic interface {|ZC1011:IService|} { void Ping(); }")]
    public void A_contract_that_cannot_be_generated_generates_nothing(string markup)
    {
        var (source, expected) = Markup.Parse(Usings + markup);
        var (run, diagnostics) = Compile(source);

        run.Result.GeneratedTrees.ShouldBeEmpty();
        diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => (d.Id, d.Location.SourceSpan)).ToList()
            .ShouldBe(expected.ToList(), string.Join("\n", diagnostics));
    }

    [Fact]
    public void Pusher_has_no_async_variant_and_subscriber_no_filter_or_stream_for_a_bad_method()
    {
        var pipeline = GeneratorHarness.Run(Usings + Contract("Pipeline", "[Operation(\"has space\")] void Space(string text);"));
        var pusher = pipeline.Sources.Single(static s => s.HintName.EndsWith(".Pusher.g.cs")).Text;
        pusher.ShouldContain("void global::IService.Space(string text) => throw new global::System.NotSupportedException(");
        pusher.ShouldNotContain("SpaceAsync");
        pipeline.Sources.Single(static s => s.HintName.EndsWith(".Puller.g.cs")).Text.ShouldNotContain("Space");

        var pubSub = GeneratorHarness.Run(Usings + Contract("PubSub", "[Topic(\"has space\")] void Space(string text);"));
        pubSub.Sources.Single(static s => s.HintName.EndsWith(".Subscriber.g.cs")).Text.ShouldNotContain("Space");
    }

    private static string Contract(string pattern, string member)
    {
        var (attribute, ping) = pattern switch
        {
            "ReqRep" => ("[ReqRep]", "Task<string> PingAsync(string text);"),
            "Bare" => ("[ReqRep(Framing = Framing.Bare)]", "Task<string> PingAsync(string text);"),
            "BarePubSub" => ("[PubSub(Framing = Framing.Bare)]", "void Ping(string text);"),
            "BarePipeline" => ("[Pipeline(Framing = Framing.Bare)]", "void Ping(string text);"),
            _ => ($"[{pattern}]", "void Ping(string text);"),
        };
        return $$"""
            {{attribute}}
            public interface IService
            {
                {{ping}}
                {{member}}
            }

            """;
    }

    /// <summary>Code a user writes against the generated types; it must compile whatever else the contract gets wrong.</summary>
    private static string UserCode(string pattern) => pattern switch
    {
        "ReqRep" or "Bare" => """
            public static class User
            {
                public static async Task<string> UseAsync(IService implementation)
                {
                    await using var server = new ServiceServer(implementation, "inproc://user");
                    server.Start();
                    await using var client = new ServiceClient(server.Endpoint);
                    IService contract = client;
                    return await contract.PingAsync("hello") + await client.PingAsync("again");
                }
            }
            """,
        "PubSub" or "BarePubSub" => """
            public static class User
            {
                public static async Task UseAsync(IService implementation)
                {
                    await using var publisher = new ServicePublisher("inproc://user");
                    await using var subscriber = new ServiceSubscriber(implementation, "inproc://user");
                    subscriber.Start();
                    publisher.Ping("hello");
                    await foreach (var text in ServiceSubscriber.StreamPingAsync("inproc://user")) Console.WriteLine(text);
                }
            }
            """,
        _ => """
            public static class User
            {
                public static async Task UseAsync(IService implementation)
                {
                    await using var puller = new ServicePuller(implementation, "inproc://user");
                    puller.Start();
                    await using var pusher = new ServicePusher("inproc://user");
                    pusher.Ping("hello");
                    await pusher.PingAsync("again");
                }
            }
            """,
    };

    /// <summary>Runs the generator, then compiles its output with <see cref="ContractAnalyzer"/>: every diagnostic a build would show.</summary>
    private static (GeneratorRun Run, IReadOnlyList<Diagnostic> Diagnostics) Compile(string source)
    {
        var run = GeneratorHarness.Run(source);
        var analyzed = run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ContractAnalyzer()))
            .GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return (run, run.Diagnostics.Concat(analyzed).ToList());
    }
}

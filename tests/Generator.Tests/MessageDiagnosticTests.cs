using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>Each ZC11xx rule for [PubSub] and [Pipeline] contracts: id, severity and span; a bad member leaves the rest generated and compiling.</summary>
public sealed class MessageDiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using ZeroContracts;

        public enum Color { Red, Green }
        public sealed record Point(int X, int Y);

        """;

    [Theory]
    [InlineData("PubSub", "{|ZC1101:int|} Count(string text);")]
    [InlineData("PubSub", "{|ZC1101:Task|} SendAsync(string text);")]
    [InlineData("Pipeline", "{|ZC1101:ValueTask<bool>|} Check(long candidate);")]
    [InlineData("Pipeline", "{|ZC1101:string|} Work();")]
    public void ZC1101_method_returns_a_value(string pattern, string member) => Verify(Contract(pattern, member));

    [Theory]
    [InlineData("PubSub", "void Tick({|ZC2004:ReadOnlySpan<byte> data|});")]
    [InlineData("Pipeline", "void Work(string name, {|ZC2004:Span<int> values|});")]
    [InlineData("Pipeline", "unsafe void Poke({|ZC2003:int* address|});")]
    public void ZC2003_ZC2004_pointer_or_ref_struct_parameter_generates_nothing(string pattern, string member) => Verify(Contract(pattern, member));

    [Fact]
    public void ZC1102_duplicate_topic() => Verify(Contract("PubSub", """
        [Topic("news")] void Headline(string text);
        [Topic("news")] void {|ZC1102:Story|}(string text);
        """));

    [Fact]
    public void ZC1102_topic_of_attribute_equals_a_method_name() => Verify(Contract("PubSub", """
        void Alert(string text);
        [Topic("Alert")] void {|ZC1102:Warning|}(string text);
        """));

    [Fact]
    public void ZC1004_duplicate_operation_name_in_a_pipeline() => Verify(Contract("Pipeline", """
        void Check(long candidate);
        [Operation("Check")] void {|ZC1004:Verify|}(long candidate);
        """));

    [Fact]
    public void ZC1103_topic_that_begins_with_another_is_a_warning_and_still_generates()
    {
        var (source, expected) = Markup.Parse(Usings + Contract("PubSub", """
            [Topic("temp")] void Reading(double celsius);
            [Topic({|ZC1103:"temperature"|})] void Detailed(double celsius, string unit);
            void Alert(string text);
            void {|ZC1103:AlertCleared|}(string text);
            """));
        var run = GeneratorHarness.Run(source);

        run.Diagnostics.Select(static d => (d.Id, d.Location.SourceSpan)).OrderBy(static d => d.SourceSpan.Start).ShouldBe(expected);
        run.Diagnostics.ShouldAllBe(static d => d.Severity == DiagnosticSeverity.Warning);
        run.Diagnostics[0].GetMessage(null).ShouldContain("'temperature' of 'IService.Detailed' begins with topic 'temp' of 'IService.Reading'");
        run.Sources.Count.ShouldBe(2);
        run.Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty();
    }

    [Fact]
    public void A_keyed_topic_is_not_a_prefix_because_its_subscription_ends_with_a_slash()
    {
        var run = GeneratorHarness.Run(Usings + Contract("PubSub", """
            [Topic("temp")] void Reading([TopicKey] string city, double celsius);
            [Topic("temperature")] void Detailed(double celsius);
            """));

        run.Diagnostics.ShouldBeEmpty();
        run.Sources.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("""[Topic({|ZC1104:""|})] void Empty(string text);""")]
    [InlineData("""[Topic({|ZC1104:null!|})] void Null(string text);""")]
    public void ZC1104_empty_topic(string member) => Verify(Contract("PubSub", member));

    [Theory]
    [InlineData("""[Topic({|ZC1105:"temp/city"|})] void Slash(string text);""")]
    [InlineData("""[Topic({|ZC1105:"has space"|})] void Space(string text);""")]
    [InlineData("""[Topic({|ZC1105:"é"|})] void Accent(string text);""")]
    [InlineData("void {|ZC1105:Grüße|}(string text);")]
    public void ZC1105_invalid_topic(string member) => Verify(Contract("PubSub", member));

    [Fact]
    public void ZC1105_topic_longer_than_200_characters() =>
        Verify(Contract("PubSub", "[Topic({|ZC1105:\"" + new string('a', 201) + "\"|})] void Long(string text);"));

    [Theory]
    [InlineData("void Move({|ZC1106:[TopicKey] Point point|});")]
    [InlineData("void Weigh({|ZC1106:[TopicKey] double kilograms|});")]
    [InlineData("void Maybe({|ZC1106:[TopicKey] int? id|});")]
    [InlineData("void Flag({|ZC1106:[TopicKey] bool on|});")]
    [InlineData("void Two([TopicKey] string city, {|ZC1106:[TopicKey] int zone|});")]
    public void ZC1106_bad_topic_key(string member) => Verify(Contract("PubSub", member));

    [Fact]
    public void String_enum_and_integer_topic_keys_are_valid()
    {
        var run = GeneratorHarness.Run(Usings + Contract("PubSub", """
            void A([TopicKey] string city, int value);
            void B([TopicKey] Color color);
            void C([TopicKey] byte b, string text);
            void D([TopicKey] ulong id, Point point);
            """));

        run.Diagnostics.ShouldBeEmpty();
        run.Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Pipeline", "void Check(long candidate, [{|ZC1107:TopicKey|}] string shard);")]
    [InlineData("Pipeline", """[{|ZC1107:Topic("work")|}] void Check(long candidate);""")]
    [InlineData("PubSub", """[{|ZC1107:Operation("work")|}] void Check(long candidate);""")]
    public void ZC1107_attribute_of_another_pattern(string pattern, string member) => Verify(Contract(pattern, member));

    [Theory]
    [InlineData("PubSub")]
    [InlineData("Pipeline")]
    public void ZC1108_bare_with_two_methods(string pattern) => Verify(Contract(pattern, """
        void Say(string text);
        void {|ZC1108:Shout|}(string text);
        """, bare: true));

    [Theory]
    [InlineData("PubSub", "void Say({|ZC1108:int number|});")]
    [InlineData("PubSub", "void {|ZC1108:Join|}(string a, string b);")]
    [InlineData("PubSub", "void {|ZC1108:Nothing|}();")]
    [InlineData("PubSub", "void Say({|ZC1108:[TopicKey] string room|}, string text);")]
    [InlineData("Pipeline", "void Run({|ZC1108:Point point|});")]
    public void ZC1108_bare_method_shape(string pattern, string member) => Verify(Contract(pattern, member, bare: true));

    [Fact]
    public void ZC1108_bare_without_methods() => Verify("""
        [Pipeline(Framing = Framing.Bare)]
        public interface {|ZC1108:IEmpty|}
        {
        }
        """);

    [Theory]
    [InlineData("PubSub")]
    [InlineData("Pipeline")]
    public void ZC1109_cancellation_token(string pattern) => Verify(Contract(pattern, "void Send(string text, {|ZC1109:CancellationToken ct|});"));

    [Theory]
    [InlineData("PubSub", "void Set({|ZC1002:ref int x|});")]
    [InlineData("Pipeline", "void {|ZC1003:Run|}<T>(T value);")]
    [InlineData("Pipeline", "int {|ZC1005:Count|} { get; }")]
    [InlineData("Pipeline", """[Operation({|ZC1008:"has space"|})] void Space(string text);""")]
    public void Rules_shared_with_request_reply(string pattern, string member) => Verify(Contract(pattern, member));

    [Fact]
    public void ZC1011_a_generated_type_name_is_taken() => Verify("""
        public sealed class ServicePublisher { }

        [PubSub]
        public interface {|ZC1011:IService|}
        {
            void Ping();
        }
        """);

    [Fact]
    public void A_partial_class_with_a_generated_name_extends_the_generated_one()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed partial class ServicePuller
            {
                public int Extra => 1;
            }

            [Pipeline]
            public interface IService
            {
                void Ping();
            }
            """);

        run.Diagnostics.ShouldBeEmpty();
        run.Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty();
    }

    [Fact]
    public void ZC1007_private_nested_contract() => Verify("""
        public class Outer
        {
            [PubSub]
            private interface {|ZC1007:IHidden|}
            {
                void Ping();
            }
        }
        """);

    [Fact]
    public void Descriptors_have_help_links_and_the_contracts_category()
    {
        foreach (var id in Enumerable.Range(1, 9).Select(static i => $"ZC110{i}"))
        {
            var descriptor = Diagnostics.Descriptors.ById(id);
            descriptor.DefaultSeverity.ShouldBe(id == "ZC1103" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error);
            descriptor.Category.ShouldBe(Diagnostics.Descriptors.ContractsCategory);
            descriptor.HelpLinkUri.ShouldEndWith("docs/diagnostics.md#" + id.ToLowerInvariant());
        }
    }

    private static string Contract(string pattern, string members, bool bare = false) => $$"""
        [{{pattern}}{{(bare ? "(Framing = Framing.Bare)" : "")}}]
        public interface IService
        {
        {{members}}
        }
        """;

    private static void Verify(string markup) => GeneratorHarness.VerifyDiagnostics(Usings + markup);
}

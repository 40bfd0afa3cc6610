using Shouldly;
using Xunit;
using ZeroContracts.Generator.Diagnostics.Analyzers;

namespace ZeroContracts.Generator.Tests;

/// <summary>ZC1010 and ZC2001-ZC2007 from <see cref="ContractAnalyzer"/>: id, span and message on a bad contract, silence on the fixed one.</summary>
public sealed class ContractAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using ZeroContracts;

        """;

    private static void Verify(string markup, params string[] messages) => AnalyzerHarness.Verify(new ContractAnalyzer(), Usings + markup, messages);

    private static void Clean(string source) => AnalyzerHarness.Run(new ContractAnalyzer(), Usings + source).ShouldBeEmpty();

    [Fact]
    public void ZC1010_two_pattern_attributes() => AnalyzerHarness.Verify(new ContractAnalyzer(), """
        using System;
        using System.Threading.Tasks;

        namespace ZeroContracts
        {
            [AttributeUsage(AttributeTargets.Interface)]
            public sealed class PipelineAttribute : Attribute { }
        }

        namespace App
        {
            using ZeroContracts;

            [ReqRep, {|ZC1010:Pipeline|}]
            public interface IJobs
            {
                Task RunAsync(string job);
            }
        }
        """, "Contract 'IJobs' has both [ReqRep] and [Pipeline]; an interface is one contract of one pattern, so keep one attribute and move the other operations to an interface of their own");

    [Fact]
    public void ZC2001_interface_parameter() => Verify("""
        public interface IShape { double Area { get; } }

        [ReqRep]
        public interface IDraw
        {
            Task DrawAsync({|ZC2001:IShape shape|});
        }
        """, "Parameter 'shape' of 'IDraw.DrawAsync' uses 'IShape', an interface that System.Text.Json cannot create when it reads the message; use a concrete type, or add [JsonPolymorphic] and [JsonDerivedType] to 'IShape'");

    [Fact]
    public void ZC2001_abstract_class_inside_a_record_list() => Verify("""
        public abstract class Shape { }
        public sealed record Drawing(string Name, List<Shape> Shapes);

        [ReqRep]
        public interface IDraw
        {
            {|ZC2001:Task<Drawing>|} GetAsync(string name);
        }
        """, "The result of 'IDraw.GetAsync' uses 'Shape' (through 'Drawing.Shapes[]'), an abstract class that System.Text.Json cannot create when it reads the message; use a concrete type, or add [JsonPolymorphic] and [JsonDerivedType] to 'Shape'");

    [Fact]
    public void ZC2001_fixed_with_polymorphism_metadata() => Clean("""
        [JsonPolymorphic]
        [JsonDerivedType(typeof(Circle), "circle")]
        public abstract class Shape { }
        public sealed class Circle : Shape { public double Radius { get; set; } }
        public sealed record Drawing(string Name, List<Shape> Shapes, IReadOnlyList<int> Layers, IDictionary<string, double> Sizes);

        [ReqRep]
        public interface IDraw
        {
            Task<Drawing> GetAsync(string name, IEnumerable<Shape> extra, CancellationToken ct = default);
        }
        """);

    [Fact]
    public void ZC2002_delegate() => Verify("""
        public sealed class Job { public string Name { get; set; } = ""; public Func<int>? Callback { get; set; } }

        [ReqRep]
        public interface IJobs
        {
            Task RunAsync({|ZC2002:Job job|});
        }
        """, "Parameter 'job' of 'IJobs.RunAsync' uses delegate type 'System.Func<int>' (through 'Job.Callback'); code cannot be sent over the wire, so send data that says what to do instead");

    [Fact]
    public void ZC2002_fixed_by_ignoring_the_delegate() => Clean("""
        public sealed class Job { public string Name { get; set; } = ""; [JsonIgnore] public Func<int>? Callback { get; set; } }

        [ReqRep]
        public interface IJobs
        {
            Task RunAsync(Job job);
        }
        """);

    [Fact]
    public void ZC2005_object_and_dynamic_are_warnings() => Verify("""
        public sealed class Envelope { public object? Payload { get; set; } }

        [ReqRep]
        public interface IStore
        {
            Task PutAsync(string key, {|ZC2005:Envelope value|});
            {|ZC2005:Task<dynamic>|} GetAsync(string key);
        }
        """,
        "Parameter 'value' of 'IStore.PutAsync' uses 'object' (through 'Envelope.Payload'); the receiver gets a JsonElement, not the type that was sent, so use a concrete type or JsonElement",
        "The result of 'IStore.GetAsync' uses 'dynamic'; the receiver gets a JsonElement, not the type that was sent, so use a concrete type or JsonElement");

    [Fact]
    public void ZC2005_fixed_with_json_element() => Clean("""
        public sealed class Envelope { public JsonElement Payload { get; set; } }

        [ReqRep]
        public interface IStore
        {
            Task PutAsync(string key, Envelope value);
            Task<JsonElement> GetAsync(string key);
        }
        """);

    [Fact]
    public void ZC2006_no_public_constructor() => Verify("""
        public sealed class Token
        {
            private Token(string value) => Value = value;
            public string Value { get; }
            public static Token Create(string value) => new(value);
        }

        [ReqRep]
        public interface IAuth
        {
            {|ZC2006:Task<Token>|} LoginAsync(string user);
        }
        """, "The result of 'IAuth.LoginAsync' uses 'Token', which has no public constructor; System.Text.Json cannot create it when it reads the message, so add a public parameterless constructor or mark one with [JsonConstructor]");

    [Fact]
    public void ZC2006_several_constructors() => Verify("""
        public sealed class Point
        {
            public Point(int x, int y) { X = x; Y = y; }
            public Point(int x) : this(x, 0) { }
            public int X { get; }
            public int Y { get; }
        }

        [ReqRep]
        public interface IGeo
        {
            Task MoveAsync({|ZC2006:Point to|});
        }
        """, "Parameter 'to' of 'IGeo.MoveAsync' uses 'Point', which has several public constructors, none of them parameterless or marked [JsonConstructor]; System.Text.Json cannot create it when it reads the message, so add a public parameterless constructor or mark one with [JsonConstructor]");

    [Fact]
    public void ZC2006_fixed_with_json_constructor_and_records() => Clean("""
        public sealed class Point
        {
            [JsonConstructor]
            public Point(int x, int y) { X = x; Y = y; }
            public Point(int x) : this(x, 0) { }
            public int X { get; }
            public int Y { get; }
        }

        public sealed record Route(Point From, Point To, Route? Next);
        public readonly record struct Leg(int Meters);

        [ReqRep]
        public interface IGeo
        {
            Task<Route> PlanAsync(Point from, Point to, Leg[] legs);
        }
        """);

    [Fact]
    public void ZC2007_type_and_multidimensional_array() => Verify("""
        public sealed class Plugin { public Type? Kind { get; set; } }

        [ReqRep]
        public interface IPlugins
        {
            Task LoadAsync({|ZC2007:Plugin plugin|});
            Task FillAsync({|ZC2007:int[,] grid|});
        }
        """,
        "Parameter 'plugin' of 'IPlugins.LoadAsync' uses 'System.Type' (through 'Plugin.Kind'), which System.Text.Json refuses to serialize; send the data it stands for (a name, a number, a string) instead",
        "Parameter 'grid' of 'IPlugins.FillAsync' uses 'int[,]', which System.Text.Json refuses to serialize; send the data it stands for (a name, a number, a string) instead");

    [Fact]
    public void ZC2007_fixed_with_names_and_jagged_arrays() => Clean("""
        public sealed class Plugin { public string? KindName { get; set; } public Dictionary<Guid, string> Names { get; set; } = new(); }

        [ReqRep]
        public interface IPlugins
        {
            Task LoadAsync(Plugin plugin);
            Task FillAsync(int[][] grid);
        }
        """);

    [Fact]
    public void ZC2007_dictionary_with_an_object_key() => Verify("""
        public sealed record Cell(int Row, int Column);

        [ReqRep]
        public interface ISheet
        {
            Task SaveAsync({|ZC2007:Dictionary<Cell, string> cells|});
        }
        """, "Parameter 'cells' of 'ISheet.SaveAsync' uses 'Cell' (through 'Dictionary<Cell, string>.Keys'), which System.Text.Json refuses to serialize; send the data it stands for (a name, a number, a string) instead");

    [Fact]
    public void ZC2003_pointer_inside_a_type() => Verify("""
        public unsafe sealed class Buffer { public int* Start { get; set; } }

        [ReqRep]
        public interface IBuffers
        {
            Task SendAsync({|ZC2003:Buffer buffer|});
        }
        """, "Parameter 'buffer' of 'IBuffers.SendAsync' uses pointer type 'int*' (through 'Buffer.Start'); an address means nothing in another process, so send the value it points to");

    [Fact]
    public void Recursive_types_and_deep_graphs_terminate() => Clean("""
        public sealed class Node { public string Name { get; set; } = ""; public List<Node> Children { get; set; } = new(); public Node? Parent { get; set; } }

        [ReqRep]
        public interface ITree
        {
            Task<Node> GetAsync(Node root);
        }
        """);

    [Fact]
    public void Types_with_a_converter_are_trusted() => Clean("""
        public sealed class MoneyConverter : JsonConverter<Money>
        {
            public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Money.Parse(reader.GetString()!);
            public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
        }

        [JsonConverter(typeof(MoneyConverter))]
        public abstract class Money
        {
            public static Money Parse(string text) => throw new NotSupportedException(text);
        }

        [ReqRep]
        public interface IBank
        {
            Task<Money> BalanceAsync(string account);
        }
        """);

    [Fact]
    public void A_base_interface_shared_by_two_contracts_is_reported_once() => Verify("""
        public interface IShape { }

        public interface IDrawing
        {
            Task DrawAsync({|ZC2001:IShape shape|});
        }

        [ReqRep] public interface IScreen : IDrawing { }
        [ReqRep] public interface IPrinter : IDrawing { }
        """);

    [Fact]
    public void A_generic_method_is_left_to_ZC1003() => Clean("""
        [ReqRep]
        public interface ICache
        {
            Task<T> GetAsync<T>(string key);
        }
        """);
}

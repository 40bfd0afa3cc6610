using System.Text.Json;
using System.Text.Json.Serialization;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>JSON settings come from the options: a source-generated context (trimming, native AOT) and naming policies are honoured.</summary>
public sealed class SerializationTests
{
    [Fact]
    public async Task A_source_generated_context_serializes_every_value()
    {
        var json = new JsonSerializerOptions { TypeInfoResolver = ShapesJsonContext.Default };
        await using var server = new ShapesServer(new Shapes(), Transports.BindAddress("inproc"), new ServerOptions { JsonOptions = json });
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { JsonOptions = json });

        (await client.MoveAsync(new Point(1, 2, "p"), 1, 1).Within()).ShouldBe(new Point(2, 3, "p"));
        (await client.AddAsync(2, 3).Within()).ShouldBe(5);
    }

    [Fact]
    public async Task A_type_missing_from_the_context_is_a_clear_error_on_the_caller()
    {
        var json = new JsonSerializerOptions { TypeInfoResolver = ShapesJsonContext.Default };
        await using var server = new ShapesServer(new Shapes(), Transports.BindAddress("inproc"));
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { JsonOptions = json });

        // Dictionary<string, int> is not in the context: the client cannot encode the call and says which type is missing.
        var error = await Should.ThrowAsync<NotSupportedException>(client.CountWordsAsync(new[] { "a" }).Within());
        error.Message.ShouldContain("String[]");
    }

    [Fact]
    public async Task The_options_naming_policy_shapes_the_wire()
    {
        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        await using var server = new ShapesServer(new Shapes(), Transports.BindAddress("inproc"), new ServerOptions { JsonOptions = snake });
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { JsonOptions = snake });

        (await client.LineAsync(1, "label").Within()).ShouldBe(new List<Point> { new(0, 0, "label") });
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Point))]
[JsonSerializable(typeof(int))]
public sealed partial class ShapesJsonContext : JsonSerializerContext;

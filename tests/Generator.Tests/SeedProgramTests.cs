using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Shouldly;
using Xunit;
using ZeroContracts.Generator.Diagnostics.Analyzers;

namespace ZeroContracts.Generator.Tests;

/// <summary>
/// No false positives: the seed document's four Python programs, written with NetMQ as a C# user would, are clean; so is
/// the raw NetMQ code of our own runtime. The flagged variant of each seed program shows the analyzer is awake.
/// </summary>
public sealed class SeedProgramTests
{
    // client.py: REQ, connect, nine times send "hello" then receive.
    private const string Client = """
        using System;
        using NetMQ;
        using NetMQ.Sockets;

        using var socket = new RequestSocket();
        socket.Connect("tcp://localhost:5555");
        Console.WriteLine("zmq client start....");
        for (var i = 1; i < 10; i++)
        {
            socket.SendFrame("hello");
            var message = socket.ReceiveFrameString();
            Console.WriteLine($"received response. message:{message}");
        }
        """;

    // server.py: REP, bind, forever receive, count, sleep, reply "world!".
    private const string Server = """
        using System;
        using System.Threading;
        using NetMQ;
        using NetMQ.Sockets;

        using var socket = new ResponseSocket();
        socket.Bind("tcp://*:5555");
        var count = 0;
        Console.WriteLine("zmq server start....");
        while (true)
        {
            var message = socket.ReceiveFrameString();
            count++;
            Console.WriteLine($"received request. message:{message}; count:{count}");
            Thread.Sleep(1000);
            socket.SendFrame("world!");
        }
        """;

    // publisher.py: PUB, bind, a thousand messages a tenth of a second apart.
    private const string Publisher = """
        using System;
        using System.Threading;
        using NetMQ;
        using NetMQ.Sockets;

        using var socket = new PublisherSocket();
        socket.Bind("tcp://*:5555");
        var random = new Random();
        for (var i = 0; i < 1000; i++)
        {
            Thread.Sleep(100);
            var temperature = random.Next(-10, 41);
            socket.SendFrame($"message {i + 1}, temperature {temperature}");
        }
        """;

    // subscriber.py: SUB, connect, subscribe to everything, receive forever.
    private const string Subscriber = """
        using System;
        using NetMQ;
        using NetMQ.Sockets;

        using var socket = new SubscriberSocket();
        socket.Connect("tcp://localhost:5555");
        socket.Subscribe("");
        while (true)
        {
            var message = socket.ReceiveFrameString();
            Console.WriteLine(message);
        }
        """;

    [Theory]
    [InlineData(Client)]
    [InlineData(Server)]
    [InlineData(Publisher)]
    [InlineData(Subscriber)]
    public void Seed_programs_are_clean(string program) => Analyze(program).ShouldBeEmpty();

    [Theory]
    [InlineData(Client, "socket.SendFrame(\"hello\");", "socket.SendFrame(\"hello\"); socket.SendFrame(\"again\");", "ZC3001")]
    [InlineData(Client, "socket.SendFrame(\"hello\");", "socket.ReceiveFrameString(); socket.SendFrame(\"hello\");", "ZC3002")]
    [InlineData(Server, "var message = socket.ReceiveFrameString();", "var message = socket.ReceiveMultipartStrings(); if (message.Count > 1) continue;", "ZC3004")]
    [InlineData(Server, "var message = socket.ReceiveFrameString();", "socket.SendFrame(\"early\"); var message = socket.ReceiveFrameString();", "ZC3003")]
    [InlineData(Publisher, "socket.SendFrame($", "socket.SendMoreFrame(\"topic\"); if (i == 3) break; socket.SendFrame($", "ZC3008")]
    [InlineData(Publisher, "Thread.Sleep(100);", "Thread.Sleep(100); socket.ReceiveFrameString();", "ZC3006")]
    [InlineData(Subscriber, "socket.Subscribe(\"\");", "", "ZC3007")]
    [InlineData(Subscriber, "socket.Subscribe(\"\");", "socket.Subscribe(\"\"); socket.SendFrame(\"hi\");", "ZC3005")]
    public void Broken_seed_programs_are_flagged(string program, string find, string replace, string id)
    {
        program.ShouldContain(find);
        var diagnostics = Analyze(program.Replace(find, replace));
        diagnostics.Select(static d => d.Id).ShouldContain(id, string.Join("\n", diagnostics));
    }

    [Fact]
    public void Our_runtime_and_samples_are_clean()
    {
        var root = RepoRoot();
        var files = new[] { "src/Runtime", "samples", "tests/Interop.Tests", "tests/Runtime.Tests" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            .Where(static f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        files.ShouldNotBeEmpty();

        // Each file on its own: the socket analysis needs NetMQ's types bound, not the whole project to compile.
        var flagged = files
            .SelectMany(file => Analyze(File.ReadAllText(file), OutputKind.DynamicallyLinkedLibrary, requireClean: false).Select(d => $"{Path.GetRelativePath(root, file)}: {d}"))
            .ToList();
        flagged.ShouldBeEmpty();
    }

    private static System.Collections.Generic.IReadOnlyList<Diagnostic> Analyze(string program, OutputKind kind = OutputKind.ConsoleApplication, bool requireClean = true)
    {
        var tree = CSharpSyntaxTree.ParseText(program, GeneratorHarness.ParseOptions());
        var compilation = GeneratorHarness.CreateCompilation(Array.Empty<string>())
            .WithOptions(new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable))
            .AddSyntaxTrees(tree);
        if (requireClean) compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        return compilation.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new SocketOrderingAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Contracts.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Contracts.sln not found above " + AppContext.BaseDirectory);
    }
}

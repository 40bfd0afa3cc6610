using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Shouldly;
using Xunit;
using ZeroContracts.CodeFixes;
using ZeroContracts.Generator.Diagnostics.Analyzers;

namespace ZeroContracts.Generator.Tests;

/// <summary>ZC3007's code fix: the fixed document has the Subscribe("") call where a person would put it, and no ZC3007 left.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task Subscribes_right_after_the_local_declaration() => VerifyFix("""
        using NetMQ;
        using NetMQ.Sockets;

        public static class Listener
        {
            public static void Run()
            {
                using var sub = new SubscriberSocket(">tcp://localhost:5556");
                while (true)
                {
                    var message = sub.ReceiveFrameString();
                }
            }
        }
        """, """
        using NetMQ;
        using NetMQ.Sockets;

        public static class Listener
        {
            public static void Run()
            {
                using var sub = new SubscriberSocket(">tcp://localhost:5556");
                sub.Subscribe("");
                while (true)
                {
                    var message = sub.ReceiveFrameString();
                }
            }
        }
        """);

    [Fact]
    public Task Subscribes_a_field_just_before_it_receives() => VerifyFix("""
        using NetMQ;
        using NetMQ.Sockets;

        public sealed class Listener
        {
            private SubscriberSocket? _sub;

            public string Listen()
            {
                _sub = new SubscriberSocket(">tcp://localhost:5556");
                return _sub.ReceiveFrameString();
            }
        }
        """, """
        using NetMQ;
        using NetMQ.Sockets;

        public sealed class Listener
        {
            private SubscriberSocket? _sub;

            public string Listen()
            {
                _sub = new SubscriberSocket(">tcp://localhost:5556");
                _sub.Subscribe("");
                return _sub.ReceiveFrameString();
            }
        }
        """);

    [Fact]
    public Task Subscribes_first_thing_in_a_using_block() => VerifyFix("""
        using NetMQ;
        using NetMQ.Sockets;

        public static class Listener
        {
            public static string Run()
            {
                using (var sub = new SubscriberSocket(">tcp://localhost:5556"))
                {
                    return sub.ReceiveFrameString();
                }
            }
        }
        """, """
        using NetMQ;
        using NetMQ.Sockets;

        public static class Listener
        {
            public static string Run()
            {
                using (var sub = new SubscriberSocket(">tcp://localhost:5556"))
                {
                    sub.Subscribe("");
                    return sub.ReceiveFrameString();
                }
            }
        }
        """);

    [Fact]
    public Task Subscribes_in_top_level_statements() => VerifyFix("""
        using NetMQ;
        using NetMQ.Sockets;

        using var socket = new SubscriberSocket();
        socket.Connect("tcp://localhost:5555");
        var message = socket.ReceiveFrameString();
        System.Console.WriteLine(message);
        """, """
        using NetMQ;
        using NetMQ.Sockets;

        using var socket = new SubscriberSocket();
        socket.Subscribe("");
        socket.Connect("tcp://localhost:5555");
        var message = socket.ReceiveFrameString();
        System.Console.WriteLine(message);
        """, OutputKind.ConsoleApplication);

    [Fact]
    public void Provider_fixes_ZC3007_only_and_supports_fix_all()
    {
        var provider = new SubscribeCodeFixProvider();
        provider.FixableDiagnosticIds.ShouldBe(new[] { "ZC3007" });
        provider.GetFixAllProvider().ShouldNotBeNull();
        Diagnostics.Descriptors.ReceiveWithoutSubscription.Id.ShouldBe(SubscribeCodeFixProvider.DiagnosticId);
    }

    private static async Task VerifyFix(string before, string after, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var document = CreateDocument(before, kind);
        var diagnostics = await AnalyzeAsync(document);
        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("ZC3007");

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new SubscribeCodeFixProvider().RegisterCodeFixesAsync(context);
        var action = actions.ShouldHaveSingleItem();

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var text = (await changed.GetTextAsync()).ToString();
        text.ReplaceLineEndings().ShouldBe(after.ReplaceLineEndings());
        (await AnalyzeAsync(changed)).ShouldBeEmpty();
    }

    private static Document CreateDocument(string source, OutputKind kind)
    {
        var workspace = new AdhocWorkspace();
        var compilation = GeneratorHarness.CreateCompilation(new[] { "" });
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Fixes", "Fixes", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: GeneratorHarness.ParseOptions(),
            metadataReferences: compilation.References));
        return workspace.AddDocument(project.Id, "Listener.cs", SourceText.From(source));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SocketOrderingAnalyzer())).GetAnalyzerDiagnosticsAsync();
    }
}

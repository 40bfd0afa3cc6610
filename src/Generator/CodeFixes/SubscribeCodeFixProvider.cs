using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace ZeroContracts.CodeFixes;

/// <summary>
/// ZC3007: a SUB socket receives without subscribing. Adds <c>socket.Subscribe("")</c> (every topic) right after the
/// socket's declaration, or before the receiving statement when the socket is not a local of this method.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SubscribeCodeFixProvider))]
[Shared]
public sealed class SubscribeCodeFixProvider : CodeFixProvider
{
    /// <summary>The id of the diagnostic this provider fixes (ZeroContracts.Generator's ReceiveWithoutSubscription).</summary>
    public const string DiagnosticId = "ZC3007";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var invocation = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (invocation?.Expression is not MemberAccessExpressionSyntax { Expression: var socket }) continue;

            var title = $"Subscribe to every topic: {socket}.Subscribe(\"\")";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => AddSubscribeAsync(context.Document, invocation, socket, ct), equivalenceKey: DiagnosticId),
                diagnostic);
        }
    }

    private static async Task<Document> AddSubscribeAsync(Document document, InvocationExpressionSyntax receive, ExpressionSyntax socket, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;

        // Elastic trivia: the formatter picks the document's indentation and line endings.
        var subscribe = SyntaxFactory.ParseStatement($"{socket.WithoutTrivia()}.Subscribe(\"\");")
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
            .WithAdditionalAnnotations(Formatter.Annotation);

        // Right after `var sub = new SubscriberSocket(...);` when the socket is a local declared by a statement.
        if (model.GetSymbolInfo(socket, cancellationToken).Symbol is ILocalSymbol local
            && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator)
        {
            switch (declarator.Parent?.Parent)
            {
                case LocalDeclarationStatementSyntax declaration:
                    return document.WithSyntaxRoot(InsertAfter(root, declaration, subscribe));
                case UsingStatementSyntax { Statement: BlockSyntax body } @using:
                    var newBody = body.WithStatements(body.Statements.Insert(0, subscribe));
                    return document.WithSyntaxRoot(root.ReplaceNode(@using.Statement, newBody));
            }
        }

        var statement = receive.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault();
        return statement is null ? document : document.WithSyntaxRoot(InsertBefore(root, statement, subscribe));
    }

    private static SyntaxNode InsertAfter(SyntaxNode root, StatementSyntax anchor, StatementSyntax statement) =>
        anchor.Parent is GlobalStatementSyntax global
            ? root.InsertNodesAfter(global, new[] { TopLevel(statement, global) })
            : anchor.Parent is BlockSyntax or SwitchSectionSyntax
                ? root.InsertNodesAfter(anchor, new[] { statement })
                : root;

    /// <summary>Top-level statements are not re-formatted (the formatter would set them apart with blank lines): the new one copies its neighbour's trivia.</summary>
    private static GlobalStatementSyntax TopLevel(StatementSyntax statement, GlobalStatementSyntax neighbour) =>
        SyntaxFactory.GlobalStatement(statement.WithoutAnnotations(Formatter.Annotation)
            .WithLeadingTrivia(neighbour.GetLeadingTrivia().Where(static t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            .WithTrailingTrivia(neighbour.GetTrailingTrivia()));

    private static SyntaxNode InsertBefore(SyntaxNode root, StatementSyntax anchor, StatementSyntax statement) =>
        anchor.Parent is GlobalStatementSyntax global
            ? root.InsertNodesBefore(global, new[] { TopLevel(statement, global) })
            : anchor.Parent is BlockSyntax or SwitchSectionSyntax
                ? root.InsertNodesBefore(anchor, new[] { statement })
                : root;
}

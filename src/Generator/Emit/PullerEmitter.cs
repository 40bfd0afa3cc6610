using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Emit;

/// <summary>Writes <c>{Name}Puller</c>: a <c>PipelinePuller</c> that runs the messages a pusher hands it on a handler.</summary>
internal static class PullerEmitter
{
    public static string Emit(MessageContractModel contract)
    {
        var className = contract.BaseName + "Puller";
        var service = contract.TypeName;
        var writer = new SourceWriter();
        MessageEmitter.WriteFileStart(writer, contract);
        writer.WriteLine($$"""
            /// <summary>A worker: receives the messages of <see cref="{{service}}"/> from a pusher over ZeroMQ (a PULL socket) and runs them on a handler.</summary>
            {{Emitter.GeneratedCodeAttribute}}
            {{MessageEmitter.Accessibility(contract)}} sealed partial class {{className}} : global::System.IDisposable, global::System.IAsyncDisposable
            """);
        writer.OpenBlock();
        MessageEmitter.WriteTable(writer, contract);
        writer.WriteLine();
        writer.WriteLine($$"""
            private readonly global::ZeroContracts.Pipeline.PipelinePuller<{{service}}> _puller;

            /// <summary>Connects to <paramref name="endpoint"/> (a leading '@' binds instead); call <see cref="Start"/> or <see cref="RunAsync"/> to work.</summary>
            public {{className}}({{service}} handler, string endpoint, global::ZeroContracts.PullerOptions? options = null)
            {
                _puller = new global::ZeroContracts.Pipeline.PipelinePuller<{{service}}>(handler, endpoint, Table, options);
            }

            /// <summary>The endpoints the puller is attached to.</summary>
            public string Endpoint => _puller.Endpoint;

            /// <summary>Messages received, malformed and failed so far.</summary>
            public global::ZeroContracts.MessageStatistics Statistics => _puller.Statistics;

            /// <summary>Starts working on background threads.</summary>
            public void Start() => _puller.Start();

            /// <summary>Works until <paramref name="cancellationToken"/> is cancelled, then stops.</summary>
            public global::System.Threading.Tasks.Task RunAsync(global::System.Threading.CancellationToken cancellationToken = default) => _puller.RunAsync(cancellationToken);

            /// <summary>Closes the socket at once; handler calls already running finish on their own.</summary>
            public void Dispose() => _puller.Dispose();

            /// <inheritdoc cref="Dispose"/>
            public global::System.Threading.Tasks.ValueTask DisposeAsync() => _puller.DisposeAsync();
            """);
        writer.CloseBlock();
        MessageEmitter.WriteFileEnd(writer, contract);
        return writer.ToString();
    }
}

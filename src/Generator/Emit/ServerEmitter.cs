using System.Collections.Generic;
using System.Linq;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Emit;

/// <summary>Writes <c>{Name}Server</c>: an <c>RpcServer</c> and one small handler per operation.</summary>
internal static class ServerEmitter
{
    /// <summary>Names the generated server already uses; a handler with one of them gets a number.</summary>
    private static readonly string[] ReservedMemberNames =
    {
        "Operations", "_rpc", "Endpoint", "Start", "RunAsync", "Dispose", "DisposeAsync",
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    public static string Emit(ContractModel contract)
    {
        var writer = new SourceWriter();
        var className = contract.BaseName + "Server";
        var service = contract.TypeName;
        var handlers = HandlerNames(contract, className);
        Emitter.WriteFileStart(writer, contract);

        writer.WriteLine($$"""
            /// <summary>Serves an implementation of <see cref="{{service}}"/> over ZeroMQ.</summary>
            {{Emitter.GeneratedCodeAttribute}}
            {{Emitter.Accessibility(contract)}} sealed partial class {{className}} : global::System.IDisposable, global::System.IAsyncDisposable
            """);
        writer.OpenBlock();

        // private static readonly OperationTable<IWeather> Operations =
        //     new OperationTable<IWeather>("Acme.Weather.IWeather", Framing.Typed)
        //         .Add("GetForecast", GetForecastAsync);
        writer.WriteLine($"private static readonly global::ZeroContracts.Rpc.OperationTable<{service}> Operations =");
        writer.Indent();
        var table = $"new global::ZeroContracts.Rpc.OperationTable<{service}>(\"{contract.FullName}\", {Emitter.Framing(contract)})";
        writer.WriteLine(contract.Operations.IsEmpty ? table + ";" : table);
        writer.Indent();
        for (var i = 0; i < contract.Operations.Count; i++)
        {
            var end = i == contract.Operations.Count - 1 ? ";" : "";
            writer.WriteLine($".Add(\"{contract.Operations[i].WireName}\", {Identifiers.Escape(handlers[i])}){end}");
        }

        writer.Unindent();
        writer.Unindent();
        writer.WriteLine();

        writer.WriteLine($$"""
            private readonly global::ZeroContracts.Rpc.RpcServer<{{service}}> _rpc;

            /// <summary>Binds to <paramref name="endpoint"/> (a leading '>' connects instead); call <see cref="Start"/> or <see cref="RunAsync"/> to serve.</summary>
            public {{className}}({{service}} implementation, string endpoint, global::ZeroContracts.ServerOptions? options = null)
            {
                _rpc = new global::ZeroContracts.Rpc.RpcServer<{{service}}>(implementation, endpoint, Operations, options);
            }

            /// <summary>The bound endpoints, with real port numbers.</summary>
            public string Endpoint => _rpc.Endpoint;

            /// <summary>Starts serving on a background thread.</summary>
            public void Start() => _rpc.Start();

            /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled, then stops.</summary>
            public global::System.Threading.Tasks.Task RunAsync(global::System.Threading.CancellationToken cancellationToken = default) => _rpc.RunAsync(cancellationToken);

            /// <summary>Stops serving and closes the socket.</summary>
            public void Dispose() => _rpc.Dispose();

            /// <inheritdoc cref="Dispose"/>
            public global::System.Threading.Tasks.ValueTask DisposeAsync() => _rpc.DisposeAsync();
            """);

        for (var i = 0; i < contract.Operations.Count; i++)
        {
            writer.WriteLine();
            WriteHandler(writer, service, handlers[i], contract.Operations[i]);
        }

        writer.CloseBlock();
        Emitter.WriteFileEnd(writer, contract);
        return writer.ToString();
    }

    // private static async ValueTask GetForecastAsync(IWeather service, ServerCall call)
    // {
    //     var city = call.ReadArgument<string>("city");          // or call.ReadBody<T>() for a single parameter
    //     var result = await service.GetForecastAsync(city, call.CancellationToken).ConfigureAwait(false);
    //     call.WriteResult(result);                               // only when the operation has a result
    // }
    private static void WriteHandler(SourceWriter writer, string service, string handler, OperationModel operation)
    {
        writer.WriteLine($"private static async global::System.Threading.Tasks.ValueTask {Identifiers.Escape(handler)}({service} service, global::ZeroContracts.Rpc.ServerCall call)");
        writer.OpenBlock();

        var taken = new HashSet<string> { "service", "call", "result" };
        var valueCount = operation.Parameters.Count(static p => !p.IsCancellationToken);
        var arguments = new List<string>();
        foreach (var parameter in operation.Parameters)
        {
            if (parameter.IsCancellationToken)
            {
                arguments.Add("call.CancellationToken");
                continue;
            }

            var local = parameter.Name;
            while (!taken.Add(local)) local = "arg_" + local;
            local = Identifiers.Escape(local);
            arguments.Add(local);

            var read = valueCount == 1
                ? $"call.ReadBody<{parameter.Type}>()"
                : parameter.DefaultValue is null
                    ? $"call.ReadArgument<{parameter.Type}>(\"{parameter.Name}\")"
                    : $"call.ReadArgument<{parameter.Type}>(\"{parameter.Name}\", {parameter.DefaultValue})";
            writer.WriteLine($"var {local} = {read};");
        }

        var invocation = $"await service.{Identifiers.Escape(operation.MethodName)}({string.Join(", ", arguments)}).ConfigureAwait(false);";
        if (operation.ResultType is null)
        {
            writer.WriteLine(invocation);
        }
        else
        {
            writer.WriteLine("var result = " + invocation);
            writer.WriteLine("call.WriteResult(result);");
        }

        writer.CloseBlock();
    }

    /// <summary>The contract method's name for each handler, numbered when overloads or server members already use it.</summary>
    private static List<string> HandlerNames(ContractModel contract, string className)
    {
        var taken = new HashSet<string>(ReservedMemberNames) { className };
        return contract.Operations.Select(operation => Identifiers.Unique(operation.MethodName, taken)).ToList();
    }
}

using System.Collections.Generic;
using System.Linq;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Emit;

/// <summary>Writes <c>{Name}Client</c>: implements the contract by sending each call through an <c>RpcClient</c>.</summary>
internal static class ClientEmitter
{
    public static string Emit(ContractModel contract)
    {
        var writer = new SourceWriter();
        var className = contract.BaseName + "Client";
        Emitter.WriteFileStart(writer, contract);

        writer.WriteLine($$"""
            /// <summary>Calls a remote <see cref="{{contract.TypeName}}"/> over ZeroMQ; safe to share between threads.</summary>
            {{Emitter.GeneratedCodeAttribute}}
            {{Emitter.Accessibility(contract)}} sealed partial class {{className}} : {{contract.TypeName}}, global::System.IDisposable, global::System.IAsyncDisposable
            """);
        writer.OpenBlock();
        writer.WriteLine($$"""
            private readonly global::ZeroContracts.Rpc.RpcClient _rpc;

            /// <summary>Connects to <paramref name="endpoint"/> (a leading '@' binds instead).</summary>
            public {{className}}(string endpoint, global::ZeroContracts.ClientOptions? options = null)
            {
                _rpc = new global::ZeroContracts.Rpc.RpcClient(endpoint, {{Emitter.Framing(contract)}}, options);
            }

            /// <summary>The endpoints this client is attached to.</summary>
            public string Endpoint => _rpc.Endpoint;
            """);

        foreach (var operation in contract.Operations)
        {
            writer.WriteLine();
            WriteOperation(writer, operation);
        }

        foreach (var member in contract.InvalidMembers)
        {
            writer.WriteLine();
            Emitter.WriteInvalidMember(writer, member);
        }

        writer.WriteLine();
        writer.WriteLine("""
            /// <summary>Closes the connection; calls still waiting fail with <see cref="global::System.ObjectDisposedException"/>.</summary>
            public void Dispose() => _rpc.Dispose();

            /// <inheritdoc cref="Dispose"/>
            public global::System.Threading.Tasks.ValueTask DisposeAsync() => _rpc.DisposeAsync();
            """);
        writer.CloseBlock();
        Emitter.WriteFileEnd(writer, contract);
        return writer.ToString();
    }

    // public global::System.Threading.Tasks.Task<T> GetForecastAsync(string city, int days, global::System.Threading.CancellationToken ct = default)
    // {
    //     var call = _rpc.CreateCall("GetForecast");
    //     call.WriteArgument("city", city);      // or call.WriteBody(value) for a single parameter
    //     return _rpc.CallAsync<T>(call, ct).AsTask();
    // }
    private static void WriteOperation(SourceWriter writer, OperationModel operation)
    {
        // Parameter names are the user's: the local and the field must not be shadowed by them.
        var taken = new HashSet<string>(operation.Parameters.Select(static p => p.Name));
        var call = Identifiers.Unique("call", taken);
        var rpc = taken.Contains("_rpc") ? "this._rpc" : "_rpc";

        var parameters = string.Join(", ", operation.Parameters.Select(static p =>
            $"{p.Type} {Identifiers.Escape(p.Name)}{(p.DefaultValue is null ? "" : " = " + p.DefaultValue)}"));
        writer.WriteLine($$"""
            /// <inheritdoc/>
            public {{operation.ReturnType}} {{Identifiers.Escape(operation.MethodName)}}({{parameters}})
            """);
        writer.OpenBlock();
        writer.WriteLine($"var {call} = {rpc}.CreateCall(\"{operation.WireName}\");");

        var arguments = operation.Parameters.Where(static p => !p.IsCancellationToken).ToList();
        if (arguments.Count == 1)
        {
            writer.WriteLine($"{call}.WriteBody({Identifiers.Escape(arguments[0].Name)});");
        }
        else
        {
            foreach (var argument in arguments)
            {
                writer.WriteLine($"{call}.WriteArgument(\"{argument.Name}\", {Identifiers.Escape(argument.Name)});");
            }
        }

        var token = operation.Parameters.FirstOrDefault(static p => p.IsCancellationToken) is { } ct ? Identifiers.Escape(ct.Name) : "default";
        var typeArgument = operation.ResultType is null ? "" : $"<{operation.ResultType}>";
        var asTask = operation.ReturnsValueTask ? "" : ".AsTask()";
        writer.WriteLine($"return {rpc}.CallAsync{typeArgument}({call}, {token}){asTask};");
        writer.CloseBlock();
    }
}

using System.Collections.Generic;

namespace ZeroContracts.Generator.Tests;

/// <summary>
/// Contracts with bad members (each a ZC error) whose generated code is snapshotted: valid operations as usual, each bad
/// member an explicit implementation that throws, and nothing for it on the receiving side.
/// </summary>
internal static class InvalidContracts
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["Invalid"] = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Broken;

            public interface IAudit
            {
                int Count();
            }

            [ReqRep]
            public interface IInventory : IAudit
            {
                Task<int> StockAsync(string sku, CancellationToken ct = default);
                Task<bool> TryReserveAsync(string sku, out int left, int quantity = 1);
                Task<T?> FindAsync<T>(string key) where T : class;
                string? Name { get; set; }
                event EventHandler? Changed;
                Task Dispose();
            }
            """,

        ["PubSubInvalid"] = """
            using ZeroContracts;

            namespace Acme.Broken;

            [PubSub]
            public interface IAlerts
            {
                void Raised([TopicKey] string zone, string text);
                [Topic("bad topic")] void Cleared(string zone, string reason = "");
                unsafe void Raw(byte* data);
                int this[int index] { get; }
            }
            """,

        ["PipelineInvalid"] = """
            using System.Threading;
            using ZeroContracts;

            namespace Acme.Broken;

            [Pipeline]
            public interface IResize
            {
                void Resize(string path, int width = 800);
                bool Check(string path);
                void Crop(string path, CancellationToken ct);
            }
            """,
    };
}

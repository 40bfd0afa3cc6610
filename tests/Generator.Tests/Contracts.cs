using System.Collections.Generic;

namespace ZeroContracts.Generator.Tests;

/// <summary>Valid contracts, each covering a shape the generator must handle; snapshot and compile tests run over all of them.</summary>
internal static class Contracts
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["Weather"] = """
            using System.Threading;
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Weather;

            public sealed record Forecast(string City, int[] Temperatures);

            [ReqRep]
            public interface IWeather
            {
                Task<Forecast> GetForecastAsync(string city, int days, CancellationToken ct = default);
                Task<string[]> ListCitiesAsync();
                Task ResetAsync();
                [Operation("ping")] ValueTask<long> PingAsync(long value);
                ValueTask ClearAsync(CancellationToken cancellationToken);
            }
            """,

        ["GlobalNamespace"] = """
            using System.Threading.Tasks;
            using ZeroContracts;

            [ReqRep]
            public interface IGreeter
            {
                Task<string> GreetAsync(string name);
            }
            """,

        ["NestedNamespace"] = """
            using System.Threading;
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace A.B.C
            {
                [ReqRep]
                public interface ICalculator
                {
                    Task<int> AddAsync(int a, int b);
                    ValueTask<double> SqrtAsync(double x, CancellationToken cancellationToken);
                }
            }
            """,

        ["Bare"] = """
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Echo;

            [ReqRep(Framing = Framing.Bare)]
            public interface IEcho
            {
                Task<string> EchoAsync(string text);
            }
            """,

        ["Internal"] = """
            using System.Threading;
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Stock;

            [ReqRep]
            internal interface IInventory
            {
                Task<int> CountAsync(string sku);
                Task RestockAsync(string sku, int quantity, CancellationToken ct = default);
            }
            """,

        ["Bytes"] = """
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Blobs;

            [ReqRep]
            public interface IBlobStore
            {
                Task<byte[]> GetAsync(string key);
                Task PutAsync(string key, byte[] data);
                ValueTask<byte[]?> TryGetAsync(byte[] key);
            }
            """,

        ["Nullable"] = """
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Notes;

            [ReqRep]
            public interface INotes
            {
                Task<string?> FindAsync(string? title, int? limit);
                Task<string?> FirstAsync(string? prefix);
            }
            """,

        ["Defaults"] = """
            using System.Threading;
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Search;

            public enum Order { Ascending = -1, Relevance = 0, Descending = 1 }

            [ReqRep]
            public interface ISearch
            {
                Task<string[]> SearchAsync(
                    string query,
                    int page = 1,
                    string? sort = null,
                    bool exact = false,
                    Order order = Order.Descending,
                    Order fallback = Order.Ascending,
                    double boost = 1.5,
                    float weight = 0.25f,
                    decimal budget = 9.99m,
                    char separator = ',',
                    long max = 5000000000,
                    string label = "a \"quoted\" label",
                    int? limit = 10,
                    CancellationToken ct = default);
            }
            """,

        ["Inheritance"] = """
            using System.Threading;
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Shop;

            public interface IHealth
            {
                Task<bool> PingAsync();
            }

            public interface IAdmin : IHealth
            {
                [Operation("admin/reset")]
                Task ResetAsync(CancellationToken ct);
            }

            [ReqRep]
            public interface IShop : IAdmin
            {
                Task<decimal> PriceAsync(string sku);
            }
            """,

        ["Names"] = """
            using System.Threading;
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Names;

            // No I-prefix, keyword and clashing parameter names, overloads, a method named like a server member.
            [ReqRep]
            public interface Weather
            {
                Task<int> ConvertAsync(int @class, string call, string service, string result, string _rpc);
                [Operation("convert-one")] Task<int> ConvertAsync(int value);
                Task StartAsync();
                [Operation("start-now")] Task Start(string @await);
            }
            """,

        ["Oblivious"] = """
            using System.Threading.Tasks;
            using ZeroContracts;

            #nullable disable

            namespace Acme.Legacy;

            [ReqRep]
            public interface ILegacy
            {
                Task<string> LookupAsync(string key, string fallback = null);
            }
            """,

        ["Empty"] = """
            using ZeroContracts;

            namespace Acme.Empty;

            [ReqRep]
            public interface IEmpty
            {
            }
            """,

        ["NestedType"] = """
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Outer;

            internal static class Services
            {
                [ReqRep]
                public interface IClock
                {
                    Task<System.DateTimeOffset> NowAsync();
                }
            }
            """,
    };
}

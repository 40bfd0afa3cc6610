using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>Many calls share one client socket and each gets its own answer.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task Thousand_concurrent_calls_from_several_tasks_each_get_their_own_answer(string transport)
    {
        await using var server = new ShapesServer(new Shapes(), Transports.BindAddress(transport));
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var calls = Enumerable.Range(0, 125).Select(async i =>
            {
                var a = worker * 1000 + i;
                return (a, sum: await client.AddAsync(a, 1));
            });
            return await Task.WhenAll(calls);
        }));

        var results = (await Task.WhenAll(workers).Within()).SelectMany(r => r).ToList();

        results.Count.ShouldBe(1000);
        results.ShouldAllBe(r => r.sum == r.a + 1);
    }

    [Fact]
    public async Task Several_clients_share_one_server()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        var clients = Enumerable.Range(0, 5).Select(_ => new ShapesClient(server.Endpoint)).ToList();
        try
        {
            var answers = await Task.WhenAll(clients.Select((c, i) => c.EchoStringAsync($"client {i}"))).Within();
            answers.ShouldBe(Enumerable.Range(0, 5).Select(i => (string?)$"client {i}").ToArray());
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}

using System.Reflection;
using System.Text.RegularExpressions;

namespace ZeroContracts.Interop.Tests.Support;

/// <summary>Starts the samples (built with this test project) and the Python peers, which need Debian's python3-zmq.</summary>
public static partial class Programs
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Debian's interpreter, which python3-zmq installs into; another python3 may come first on PATH.</summary>
    public const string Python = "/usr/bin/python3";

    private static string Metadata(string key) =>
        typeof(Programs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>The repository's root folder, as the build saw it.</summary>
    public static string RepoRoot => Metadata("RepoRoot");

    /// <summary>The build configuration of this test run (Debug or Release).</summary>
    public static string Configuration => Metadata("Configuration");

    public static RunningProcess Sample(string name, params string[] arguments)
    {
        var dll = Path.Combine(RepoRoot, "samples", name, "bin", Configuration, "net10.0", name + ".dll");
        File.Exists(dll).ShouldBeTrue($"the sample should have been built at {dll}");
        return RunningProcess.Start("dotnet", new[] { dll }.Concat(arguments));
    }

    public static RunningProcess PythonScript(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        File.Exists(Python).ShouldBeTrue($"{Python} is needed for the interop tests: apt-get install python3-zmq (tests/run.sh does)");
        var path = Path.Combine(AppContext.BaseDirectory, script);
        return RunningProcess.Start(Python, new[] { "-u", path }.Concat(arguments), environment);
    }

    /// <summary>Runs one of the seed document's scripts, unmodified, through seed_runner.py.</summary>
    public static RunningProcess SeedScript(string script, string endpoint, string? sleepSeconds = null, int receiveTimeoutMs = 10_000)
    {
        var environment = new Dictionary<string, string>
        {
            ["ZC_ENDPOINT"] = endpoint,
            ["ZC_RECV_TIMEOUT_MS"] = receiveTimeoutMs.ToString(),
        };
        if (sleepSeconds is not null) environment["ZC_SLEEP"] = sleepSeconds;
        return PythonScript("seed_runner.py", new[] { Path.Combine(AppContext.BaseDirectory, "Seed", script) }, environment);
    }

    /// <summary>The first tcp endpoint in a line such as "zmq server start.... (tcp://127.0.0.1:40123)".</summary>
    public static string EndpointIn(string line) => TcpEndpoint().Match(line) is { Success: true } m ? m.Value : throw new FormatException($"No tcp endpoint in '{line}'.");

    [GeneratedRegex(@"tcp://[0-9.]+:[0-9]+")]
    private static partial Regex TcpEndpoint();
}

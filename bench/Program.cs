using System;
using System.Linq;
using BenchmarkDotNet.Running;
using ZeroContracts.Bench.Quick;

// dotnet run -c Release --project bench -- --quick         the whole table in about a minute (docs/performance.md)
// dotnet run -c Release --project bench -- --quick --tiny  every row with tiny counts (what the smoke test runs)
// dotnet run -c Release --project bench -- [BenchmarkDotNet arguments, e.g. --filter *ReqRep*]
if (args.Contains("--quick"))
{
    await QuickRun.RunAsync(Console.Out, args.Contains("--tiny") ? QuickSettings.Tiny : QuickSettings.Default);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRun).Assembly).Run(args);
return 0;

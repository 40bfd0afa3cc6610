using System.Diagnostics;
using System.Text;

namespace ZeroContracts.Interop.Tests.Support;

/// <summary>
/// A program under test, run as a real process. Its output is collected line by line; every wait is bounded, and
/// disposing kills whatever is still running, so a broken peer fails a test instead of hanging the run.
/// </summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private RunningProcess(Process process) => _process = process;

    public string Name => _process.StartInfo.FileName + " " + string.Join(' ', _process.StartInfo.ArgumentList);

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return _lines.ToList();
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors) return _errors.ToString();
        }
    }

    public static RunningProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        info.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (key, value) in environment) info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var running = new RunningProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (running._lines) running._lines.Add(e.Data);
            running._lineArrived.Release();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (running._errors) running._errors.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits until a line matching <paramref name="match"/> has been printed; returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Lines.FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited && !await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200)))
            {
                throw new TimeoutException($"{Name} printed no matching line within {timeout}. Output:\n{string.Join('\n', Lines)}\nErrors:\n{Errors}");
            }

            await _lineArrived.WaitAsync(left);
        }
    }

    /// <summary>Waits for the process to end; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}. Output:\n{string.Join('\n', Lines)}\nErrors:\n{Errors}");
        }

        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }
}

using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace HumanClap.Notebooks;

/// <summary>What one submission produced: every event of the command (and of commands it caused), and whether it
/// ended in <c>CommandSucceeded</c> or <c>CommandFailed</c> (then <see cref="Error"/> is the failure
/// message).</summary>
public sealed record Submission(bool Succeeded, string? Error, IReadOnlyList<KernelEvent> Events);

/// <summary>The kernel died, or never became ready: the message carries the end of its standard error.</summary>
public sealed class KernelProcessException(string message) : Exception(message);

/// <summary>The stock .NET Interactive kernel, started the way VS Code starts it
/// (<c>dotnet tool run dotnet-interactive -- [vscode] stdio --working-dir FOLDER</c>, from the repository's tool
/// manifest) and driven over stdio with JSON command envelopes.</summary>
public sealed class StdioKernel : IAsyncDisposable
{
    private const int StderrLinesKept = 40;
    private readonly Process _process;
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>();
    private readonly Queue<string> _stderrTail = new();
    private int _submissions;

    private StdioKernel(Process process)
    {
        _process = process;
        _ = PumpEventsAsync();
        _ = PumpStderrAsync();
    }

    /// <summary>Starts a kernel whose working directory is <paramref name="workingDirectory"/> (the notebook's
    /// folder) and waits until it reports <c>KernelReady</c>.</summary>
    public static async Task<StdioKernel> StartAsync(string workingDirectory, TimeSpan readyTimeout,
        CancellationToken cancel = default, IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = ToolManifest.FindRoot(workingDirectory);
        await ToolManifest.RestoreAsync(root, environment);
        var start = ToolManifest.ToolStart("dotnet-interactive",
            ["[vscode]", "stdio", "--working-dir", workingDirectory], root, environment);
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.StandardInputEncoding = new UTF8Encoding(false);
        start.StandardOutputEncoding = start.StandardErrorEncoding = Encoding.UTF8;
        var kernel = new StdioKernel(Process.Start(start)!);
        try
        {
            await kernel.NextAsync(e => e.Type == "KernelReady", readyTimeout, cancel);
            return kernel;
        }
        catch
        {
            await kernel.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="code"/> to the kernel named <paramref name="kernelName"/> and collects its
    /// events until the command succeeds or fails. Throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/> (the kernel is then still busy: dispose it) and
    /// <see cref="KernelProcessException"/> if the kernel exits.</summary>
    public async Task<Submission> SubmitAsync(
        string code, string kernelName, TimeSpan timeout, CancellationToken cancel = default)
    {
        var token = $"humanclap-{++_submissions}";
        await _process.StandardInput.WriteLineAsync(KernelEnvelope.SubmitCode(code, kernelName, token));
        await _process.StandardInput.FlushAsync(cancel);
        var events = new List<KernelEvent>();
        while (true)
        {
            var e = await NextAsync(e => KernelEnvelope.BelongsTo(e.Token, token), timeout, cancel);
            events.Add(e);
            if (e.Token != token) continue;
            if (e.Type == "CommandSucceeded") return new Submission(true, null, events);
            if (e.Type == "CommandFailed") return new Submission(false, e.Text("message") ?? "CommandFailed", events);
        }
    }

    private async Task<KernelEvent> NextAsync(
        Func<KernelEvent, bool> wanted, TimeSpan timeout, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(deadline.Token);
                if (wanted(e)) return e;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s");
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync(CancellationToken.None);
            string tail;
            lock (_stderrTail) tail = string.Join("\n", _stderrTail);
            throw new KernelProcessException(
                $"the kernel exited (code {_process.ExitCode})" + (tail.Length > 0 ? ":\n" + tail : ""));
        }
    }

    private async Task PumpEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
            if (KernelEnvelope.ParseEvent(line) is { } e) _events.Writer.TryWrite(e);
        _events.Writer.TryComplete();
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(line);
                if (_stderrTail.Count > StderrLinesKept) _stderrTail.Dequeue();
            }
    }

    /// <summary>Closes the kernel's input (it exits), and kills it if it is still busy after a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _process.WaitForExitAsync(grace.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        _process.Dispose();
    }
}

using Plotly.NET;

namespace HumanClap.Reporting;

/// <summary>Progress text that a long cell updates; see <see cref="FigureOutput.Status"/>.</summary>
public sealed class StatusLine
{
    private static readonly TimeSpan PrintEvery = TimeSpan.FromSeconds(5);
    private readonly Action<string>? _update;
    private DateTime _printed = DateTime.MinValue;

    internal StatusLine(string text, Action<string>? update)
    {
        _update = update;
        Update(text);
    }

    public void Update(string text)
    {
        if (_update is not null) { _update(text); return; }
        if (DateTime.UtcNow - _printed < PrintEvery) return;
        _printed = DateTime.UtcNow;
        Console.WriteLine(text);
    }
}

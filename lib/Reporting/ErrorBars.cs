using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.TraceObjects;

namespace HumanClap.Reporting;

/// <summary>Asymmetric error bars on a chart's y values (intervals around estimates).</summary>
internal static class ErrorBars
{
    public static GenericChart OnY(GenericChart chart, IEnumerable<double> up, IEnumerable<double> down)
    {
        // F# optional parameters: from C# every one is passed (null is "not given").
        var error = Error.init<double, double>(FSharpOption<bool>.Some(true),
            FSharpOption<StyleParam.ErrorType>.Some(StyleParam.ErrorType.Data), FSharpOption<bool>.Some(false),
            FSharpOption<IEnumerable<double>>.Some(up), FSharpOption<IEnumerable<double>>.Some(down),
            null, null, null, null, null, null, null, null, null, null);
        return Chart.withYError(error).Invoke(chart);
    }
}

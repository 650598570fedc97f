namespace HumanClap.Notebooks;

/// <summary>Kernel events to notebook outputs, in order, as VS Code shows them: stdout/stderr streams, displayed
/// and returned values (every MIME type the kernel formatted), errors. An update replaces the display it updates
/// (progress messages, e.g. of <c>#r "nuget:"</c>).</summary>
public static class KernelOutputs
{
    public static List<CellOutput> From(IEnumerable<KernelEvent> events)
    {
        var outputs = new List<CellOutput>();
        foreach (var e in events)
        {
            switch (e.Type)
            {
                case "StandardOutputValueProduced": outputs.Add(new(OutputKind.Stdout, e.FormattedValues())); break;
                case "StandardErrorValueProduced": outputs.Add(new(OutputKind.Stderr, e.FormattedValues())); break;
                case "ReturnValueProduced":
                    outputs.Add(new(OutputKind.Result, e.FormattedValues(), e.Text("valueId")));
                    break;
                case "DisplayedValueProduced":
                    outputs.Add(new(OutputKind.Display, e.FormattedValues(), e.Text("valueId")));
                    break;
                case "DisplayedValueUpdated":
                    var id = e.Text("valueId");
                    int at = outputs.FindIndex(o => o.DisplayId is not null && o.DisplayId == id);
                    var updated = new CellOutput(OutputKind.Display, e.FormattedValues(), id);
                    if (at >= 0) outputs[at] = updated; else outputs.Add(updated);
                    break;
                case "ErrorProduced" or "CommandFailed":
                    outputs.Add(new(OutputKind.Error,
                        new Dictionary<string, string> { ["text/plain"] = e.Text("message") ?? e.Type }));
                    break;
            }
        }
        return outputs;
    }
}

using System.Text.Json.Nodes;
using HumanClap.Notebooks;

namespace HumanClap.Tests.Notebooks;

public class KernelEnvelopeTests
{
    [Fact]
    public void SubmitCode_envelope_has_the_protocol_shape()
    {
        var envelope = JsonNode.Parse(KernelEnvelope.SubmitCode("var s = \"a\\nb\";", "csharp", "t-1"))!;
        Assert.Equal("SubmitCode", (string?)envelope["commandType"]);
        Assert.Equal("t-1", (string?)envelope["token"]);
        Assert.Equal("var s = \"a\\nb\";", (string?)envelope["command"]!["code"]);
        Assert.Equal("csharp", (string?)envelope["command"]!["targetKernelName"]);
    }

    [Fact]
    public void Event_envelope_gives_type_token_and_formatted_values()
    {
        const string line = """
            {"event":{"formattedValues":[{"mimeType":"text/plain","value":"hi\n","suppressDisplay":false}],
             "valueId":null},
             "eventType":"StandardOutputValueProduced","command":{"token":"t-1","commandType":"SubmitCode"}}
            """;
        var e = KernelEnvelope.ParseEvent(line.ReplaceLineEndings(""))!;
        Assert.Equal(("StandardOutputValueProduced", "t-1"), (e.Type, e.Token));
        Assert.Equal("hi\n", e.FormattedValues()["text/plain"]);
    }

    [Theory]
    [InlineData("Welcome to .NET Interactive!")]
    [InlineData("{not json")]
    [InlineData("{\"commandType\":\"SubmitCode\"}")]
    public void Lines_that_are_not_events_are_ignored(string line) => Assert.Null(KernelEnvelope.ParseEvent(line));

    [Theory]
    [InlineData("t-1", true)]
    [InlineData("t-1.1", true)]
    [InlineData("t-1.1.2", true)]
    [InlineData("t-10", false)]
    [InlineData(null, false)]
    public void Events_of_commands_a_submission_caused_belong_to_it(string? eventToken, bool expected) =>
        Assert.Equal(expected, KernelEnvelope.BelongsTo(eventToken, "t-1"));
}

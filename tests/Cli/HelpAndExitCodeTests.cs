using System.Text.RegularExpressions;
using HumanClap.Cli;

namespace HumanClap.Tests.Cli;

/// <summary>The generated help is what docs/cli.md documents, and bugs are told apart from user errors.</summary>
public sealed class HelpAndExitCodeTests
{
    private static readonly string[] Global = ["--help", "--verbose"];

    private static string ReadmeRow(string verb)
    {
        var readme = File.ReadAllLines(Path.Combine(HumanClap.Tests.Support.Fixtures.RepoRoot, "docs", "cli.md"));
        var rows = readme.Where(l => l.StartsWith($"| `{verb} ") || l.StartsWith($"| `{verb}`")).ToList();
        Assert.True(rows.Count == 1, $"docs/cli.md verb table: expected one row for '{verb}', found {rows.Count}");
        return rows[0];
    }

    private static SortedSet<string> Options(string text) =>
        new(Regex.Matches(text, @"--[a-z][a-z0-9-]*").Select(m => m.Value).Except(Global), StringComparer.Ordinal);

    [Fact]
    public void ReadmeVerbTableListsExactlyTheOptionsOfEachVerbsHelp()
    {
        foreach (var verb in CommandLine.Build().Subcommands.Select(c => c.Name))
        {
            var help = CommandLine.Help(verb);
            Assert.Contains("Usage:", help);
            var optionsSection = help[help.IndexOf("Options:", StringComparison.Ordinal)..];
            // The option that each line of the Options section defines (descriptions may mention other options).
            var inHelp = Options(string.Join(" ",
                Regex.Matches(optionsSection, @"^\s+(?:-\S+, )*(--[a-z0-9-]+)", RegexOptions.Multiline)
                    .Select(m => m.Groups[1].Value)));
            // Only the first cell: the description may mention other verbs' options.
            var usageCell = Regex.Split(ReadmeRow(verb), @"(?<!\\)\|")[1];
            var inReadme = Options(usageCell);
            Assert.True(inHelp.SetEquals(inReadme),
                $"{verb}: help has [{string.Join(" ", inHelp)}], docs/cli.md has [{string.Join(" ", inReadme)}]");
        }
    }

    [Fact]
    public void InternalBugShowsItsTraceAndADistinctExitCode()
    {
        var error = new StringWriter();
        Exception bug;
        try { throw new InvalidCastException("a bug"); } catch (Exception e) { bug = e; }
        Assert.Equal(ErrorReport.InternalError, ErrorReport.Report(bug, "score", verbose: false, error));
        Assert.Contains("   at ", error.ToString());
        Assert.NotEqual(ErrorReport.InternalError, ErrorReport.DataError);
        Assert.NotEqual(ErrorReport.InternalError, ErrorReport.UsageError);
    }

    [Fact]
    public void UserErrorShowsTheTraceOnlyWithVerbose()
    {
        Exception user;
        try { throw new HumanClap.Common.UserInputException("x.csv:3: bad\nsecond line"); }
        catch (Exception e) { user = e; }
        var quiet = new StringWriter();
        Assert.Equal(ErrorReport.DataError, ErrorReport.Report(user, "score", verbose: false, quiet));
        Assert.Equal("humanclap score: x.csv:3: bad second line", quiet.ToString().Trim());
        var verbose = new StringWriter();
        ErrorReport.Report(user, "score", verbose: true, verbose);
        Assert.Contains("   at ", verbose.ToString());
    }

    [Fact]
    public void HelpExitsZeroAndNoArgumentsIsAUsageError()
    {
        Assert.Equal(0, CliRunner.Run("--help").ExitCode);
        Assert.Equal(0, CliRunner.Run("score", "--help").ExitCode);
        CliRunner.Run().AssertUserError(2, "usage");
    }
}

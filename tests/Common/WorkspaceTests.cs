using HumanClap.Common;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Common;

/// <summary>One rule for where runs go, from the command line and the notebooks alike: runs/ of the checkout around
/// the start folder, else runs/ of the start folder itself.</summary>
public sealed class WorkspaceTests
{
    [Fact]
    public void InsideACheckoutRunsGoToItsRootWhereverTheCommandStarts()
    {
        var notebooks = Path.Combine(Fixtures.RepoRoot, "notebooks");
        Assert.Equal(Path.Combine(Fixtures.RepoRoot, "runs", "reproduce-tiny"),
            Workspace.RunPathFrom([notebooks], "reproduce-tiny"));
        Assert.Equal(Path.Combine(Fixtures.RepoRoot, "runs", "apps", "x"),
            Workspace.RunPathFrom([Path.Combine(notebooks, "apps"), Path.GetTempPath()], "apps", "x"));
    }

    [Fact]
    public void OutsideACheckoutRunsGoUnderTheCurrentFolder()
    {
        var own = TestPaths.TempDir();
        try
        {
            Assert.Equal(Path.Combine(own, "runs", "evaluate-demo", "run"),
                Workspace.RunPathFrom([own], "evaluate-demo", "run"));
        }
        finally { Directory.Delete(own, recursive: true); }
    }
}

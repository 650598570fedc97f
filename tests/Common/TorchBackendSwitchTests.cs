using System.Diagnostics;
using System.Text.Json;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Common;

/// <summary>`-p:TorchBackend` is evaluated by MSBuild: cpu (default) and cuda pick different TorchSharp packages,
/// and any other value stops the build with a message. Evaluation only: the CUDA package does not restore on this
/// machine.</summary>
public class TorchBackendSwitchTests
{
    private static (int ExitCode, string Output) Msbuild(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Fixtures.RepoRoot,
        };
        foreach (var a in new[] { "msbuild", "HumanClap.Lib.csproj" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, output.Result + error.Result);
    }

    private static HashSet<string> Packages(string backend)
    {
        var (code, output) = Msbuild($"-p:TorchBackend={backend}", "-getItem:PackageReference");
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(i => i.GetProperty("Identity").GetString()!).ToHashSet();
    }

    [Fact]
    public void CpuAndCudaSelectTheirPackages()
    {
        var cpu = Packages("cpu");
        Assert.Contains("TorchSharp", cpu);
        Assert.Contains("libtorch-cpu-linux-x64", cpu);
        var cuda = Packages("cuda");
        Assert.Contains("TorchSharp-cuda-linux", cuda);
        Assert.DoesNotContain("libtorch-cpu-linux-x64", cuda);
        Assert.DoesNotContain("TorchSharp", cuda);
    }

    [Fact]
    public void AnUnknownBackendStopsTheBuildWithAMessage()
    {
        var (code, output) = Msbuild("-p:TorchBackend=rocm", "-t:CheckTorchBackend");
        Assert.NotEqual(0, code);
        Assert.Contains("TorchBackend must be 'cpu' or 'cuda', got 'rocm'", output);
    }
}

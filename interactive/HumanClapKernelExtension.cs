using HumanClap.Common;
using Microsoft.DotNet.Interactive;

namespace HumanClap.Interactive;

/// <summary>Loaded by the kernel when a notebook runs <c>#r "nuget: HumanClap, VERSION"</c> (the package carries
/// this assembly under interactive-extensions/dotnet/). It makes the library work in the stock kernel as it is:
/// libtorch loads on Debian 12 (<see cref="LibTorchNative"/>), every assembly is loaded once
/// (<see cref="AssemblyUnification"/>), and HumanClap's results, charts, frames and clips display as HTML
/// (<see cref="Formatters"/>).</summary>
public sealed class HumanClapKernelExtension : IKernelExtension
{
    public Task OnLoadAsync(Kernel kernel)
    {
        AssemblyUnification.Install();
        LibTorchNative.EnsureLoadable();
        Formatters.Register();
        var version = typeof(LibTorchNative).Assembly.GetName().Version;
        if (KernelInvocationContext.Current is { } context)
            KernelInvocationContextExtensions.Display(context,
                $"HumanClap {version?.ToString(3)} loaded: charts render offline, Deedle frames and score lists show " +
                "as tables, AudioClip as an audio player, SimilarityMatrix as a heatmap.", "text/plain");
        return Task.CompletedTask;
    }
}

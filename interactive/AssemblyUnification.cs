using System.Reflection;
using System.Runtime.Loader;

namespace HumanClap.Interactive;

/// <summary>One copy of each assembly in the kernel's default load context. The last stock kernel (1.0.712001)
/// carries FSharp.Core 10.0 while Deedle and Plotly.NET are built against 10.1, and TorchSharp.PyBridge asks for
/// TorchSharp 0.103 beside the 0.107 the package brings; without an answer the first Plotly chart fails in a type
/// initializer, or a second TorchSharp loads whose types differ from the first's. A request the runtime cannot
/// bind is answered with the copy of that name already loaded, whatever its version.</summary>
internal static class AssemblyUnification
{
    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (context, requested) =>
            context.Assemblies.FirstOrDefault(a => a.GetName().Name == requested.Name)
            ?? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == requested.Name);
    }
}

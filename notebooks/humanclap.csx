// Loads HumanClap into the stock .NET Interactive C# kernel (VS Code Polyglot Notebooks, dotnet repl, Jupyter).
// Every notebook starts with `#load "humanclap.csx"`; the kernel's working directory is the notebook's folder.
//
// Why not plain `#r "../artifacts/lib/HumanClap.Lib.dll"`: the kernel (1.0.712001, the last one published) carries
// FSharp.Core 10.0.0.0, while Deedle, Plotly.NET and the library are built against 10.1.0.0; and the script loader
// gives each `#r` assembly its own load context, where TorchSharp.PyBridge's reference to TorchSharp 0.103 loads a
// second TorchSharp.dll beside 0.107. Here every library assembly lives once, in the default load context:
//   1. a Resolving handler answers a request with the copy already loaded (the kernel's FSharp.Core for 10.1,
//      TorchSharp 0.107 for 0.103), else the kernel's own assembly, else the file in artifacts/lib;
//   2. the library's assemblies are loaded there and handed to the script loader as already loaded, so later cells
//      bind to those copies instead of loading the files again;
//   3. the C# kernel gets them as references for the following cells, and Plotly.NET charts an HTML formatter.
// Only BCL and kernel types are used here: this file compiles even when the library is not built.
using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

var humanClapLib = Path.GetFullPath(Path.Combine("..", "artifacts", "lib"));
if (!File.Exists(Path.Combine(humanClapLib, "HumanClap.Lib.dll")))
    throw new FileNotFoundException(
        $"HumanClap is not built yet (no HumanClap.Lib.dll in {humanClapLib}). " +
        "Build it once from the repository root with `dotnet build HumanClap.Lib.csproj -c Release`, " +
        "then restart the kernel and run this cell again.");

if (AppDomain.CurrentDomain.GetData("HumanClap.NotebookLoader") is null)
{
    var kernelAssemblies = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
    AssemblyLoadContext.Default.Resolving += (context, name) =>
    {
        var loaded = context.Assemblies.FirstOrDefault(a => a.GetName().Name == name.Name);
        if (loaded is not null) return loaded;
        if (kernelAssemblies.Contains(name.Name!)) return context.LoadFromAssemblyName(new AssemblyName(name.Name!));
        var file = Path.Combine(humanClapLib, name.Name + ".dll");
        return File.Exists(file) ? context.LoadFromAssemblyPath(file) : null;
    };

    var kernel = Microsoft.DotNet.Interactive.KernelInvocationContext.Current.HandlingKernel;
    var scriptState = (Microsoft.CodeAnalysis.Scripting.ScriptState)
        kernel.GetType().GetProperty("ScriptState")!.GetValue(kernel)!;
    const BindingFlags hidden = BindingFlags.NonPublic | BindingFlags.Instance;
    var builder = typeof(Microsoft.CodeAnalysis.Scripting.Script).GetField("Builder", hidden)!
        .GetValue(scriptState.Script)!;
    var scriptLoader = (Microsoft.CodeAnalysis.Scripting.Hosting.InteractiveAssemblyLoader)
        builder.GetType().GetField("_assemblyLoader", hidden)!.GetValue(builder)!;
    foreach (var file in Directory.GetFiles(humanClapLib, "*.dll"))
        scriptLoader.RegisterDependency(
            AssemblyLoadContext.Default.LoadFromAssemblyName(AssemblyName.GetAssemblyName(file)));

    string[] referenced = ["HumanClap.Lib", "TorchSharp", "Deedle", "Plotly.NET", "Plotly.NET.CSharp"];
    kernel.GetType().GetMethod("AddAssemblyReferences")!
        .Invoke(kernel, [referenced.Select(n => Path.Combine(humanClapLib, n + ".dll")).ToArray()]);

    // A chart left as a cell's value renders offline: the library's HTML carries its own (compressed) plotly.js.
    var chartType = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("Plotly.NET"))
        .GetType("Plotly.NET.GenericChart", throwOnError: true)!;
    var chartHtml = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("HumanClap.Lib"))
        .GetType("HumanClap.Reporting.ChartHtml", throwOnError: true)!;
    var loader = chartHtml.GetProperty("CompressedLoader")!;
    var fragment = chartHtml.GetMethod("Fragment", [chartType])!;
    Microsoft.DotNet.Interactive.Formatting.Formatter.Register(chartType, (chart, writer) =>
        writer.Write((string)loader.GetValue(null)! + "\n" + (string)fragment.Invoke(null, [chart])!), "text/html");
    AppDomain.CurrentDomain.SetData("HumanClap.NotebookLoader", humanClapLib);
}

using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace HumanClap.Notebooks;

/// <summary>Builds the kernel a notebook runs in: a CompositeKernel (so <c>#!csharp</c> and other magic commands
/// work) around a C# kernel with <c>#r "nuget:"</c> support.</summary>
public static class KernelFactory
{
    public static CompositeKernel Create()
    {
        // Every displayed value is kept as HTML (what VS Code shows) and plain text (what diffs and tests read).
        Formatter.SetPreferredMimeTypesFor(typeof(object), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
        var composite = new CompositeKernel();
        var csharp = new CSharpKernel()
            .UseKernelHelpers()
            .UseNugetDirective((kernel, packages) => OnPackagesResolved(kernel, composite, packages));
        composite.Add(csharp, ["c#", "C#"]);
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    /// <summary>Makes a restored package usable: its assemblies become references, and the kernel extensions it
    /// ships under interactive-extensions/dotnet are loaded (that is how Plotly.NET.Interactive registers the
    /// formatter that renders charts). dotnet-interactive's host does the second part; a bare kernel does not.</summary>
    private static async Task OnPackagesResolved(CSharpKernel kernel, CompositeKernel root, IReadOnlyList<ResolvedPackageReference> packages)
    {
        kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
        foreach (var package in packages)
        {
            var extensionDir = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
            if (!Directory.Exists(extensionDir)) continue;
            foreach (var dll in Directory.GetFiles(extensionDir, "*.dll"))
            {
                var assembly = Assembly.LoadFrom(dll);
                foreach (var type in assembly.GetExportedTypes().Where(t =>
                             typeof(IKernelExtension).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }))
                {
                    if (Activator.CreateInstance(type) is IKernelExtension extension) await extension.OnLoadAsync(root);
                }
            }
        }
    }
}

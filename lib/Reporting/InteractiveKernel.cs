using System.Reflection;

namespace HumanClap.Reporting;

/// <summary>Displays values in a running .NET Interactive kernel (VS Code Polyglot Notebooks, dotnet repl) without
/// the library depending on it: the kernel's assembly is found among the loaded ones and called by reflection.
/// The library must not reference Microsoft.DotNet.Interactive: a second copy beside the kernel's own would load
/// into another context, and file-based apps and the command line have no kernel at all.</summary>
public static class InteractiveKernel
{
    private const string AssemblyName = "Microsoft.DotNet.Interactive";
    private const string ContextType = "Microsoft.DotNet.Interactive.KernelInvocationContext";
    private const string ExtensionsType = "Microsoft.DotNet.Interactive.KernelInvocationContextExtensions";

    /// <summary>True while a kernel is executing the calling code (a notebook cell).</summary>
    public static bool IsActive => CurrentContext() is not null;

    /// <summary>Publishes <paramref name="value"/> as an output of the running cell with the given MIME type and
    /// returns a function that replaces it in place; null when no kernel runs the code.</summary>
    public static Action<string>? DisplayAs(string value, string mimeType)
    {
        var context = CurrentContext();
        if (context is null) return null;
        var extensions = context.GetType().Assembly.GetType(ExtensionsType);
        var displayAs = extensions?.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == "DisplayAs" && Parameters(m) is [var c, var v, var t, ..]
                                 && c.IsInstanceOfType(context) && v == typeof(string) && t == typeof(string))
            ?? throw new MissingMethodException(
                $"{ExtensionsType}.DisplayAs(context, string, string) not found in this kernel");
        // Later kernel versions add optional parameters (params string[] additionalMimeTypes): pass their defaults.
        var arguments = displayAs.GetParameters().Select((p, i) => i switch
        {
            0 => context, 1 => value, 2 => mimeType,
            _ => p.ParameterType.IsArray ? Array.CreateInstance(p.ParameterType.GetElementType()!, 0) : p.DefaultValue,
        }).ToArray();
        var displayed = displayAs.Invoke(null, arguments);
        var update = displayed?.GetType().GetMethod("Update", [typeof(object)]);
        return update is null ? _ => { } : text => update.Invoke(displayed, [text]);
    }

    private static object? CurrentContext()
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == AssemblyName);
        var current = assembly?.GetType(ContextType)?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
        return current?.GetValue(null);
    }

    private static Type[] Parameters(MethodInfo m) => m.GetParameters().Select(p => p.ParameterType).ToArray();
}

using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace HumanClap.Tests.Support;

/// <summary>Whether a built assembly lets the JIT optimize, read from its file (its DebuggableAttribute) without
/// loading it.</summary>
public static class AssemblyOptimization
{
    public static bool IsOptimized(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = md.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            if (md.GetString(type.Name) != nameof(DebuggableAttribute)) continue;
            // Blob: prolog (2 bytes), then the DebuggingModes argument as an int32.
            var blob = md.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            var modes = (DebuggableAttribute.DebuggingModes)blob.ReadInt32();
            return !modes.HasFlag(DebuggableAttribute.DebuggingModes.DisableOptimizations);
        }
        return true; // no attribute: nothing disables the optimizer
    }
}

// One ELF fix, two users: the library at run time (LibTorchNative, for notebooks and any process whose copy of
// libLibTorchSharp.so no build fixed) and the MSBuild task of environment/DebianLibTorchSharpFix.targets, which the
// HumanClap package ships as buildTransitive targets together with this file. RoslynCodeTaskFactory compiles this
// file alone and defines no symbols, so the task is compiled there; the library defines HUMANCLAP_LIB and leaves it
// out (it must not depend on MSBuild).
using System;
using System.IO;
using System.Text;

namespace HumanClap.Common
{
    /// <summary>The version-needed entries of an ELF64 little-endian shared library (.gnu.version_r): whether a
    /// library demands a symbol version its system library lacks, and marking that demand weak (VER_FLG_WEAK), which
    /// lets the dynamic loader accept the library when no relocation uses the version (TorchSharp 0.107's
    /// libLibTorchSharp.so and GLIBCXX_3.4.32 on Debian 12: see docs/platform.md).</summary>
    internal static class ElfVersionNeed
    {
        public const string LibTorchSharpVersion = "GLIBCXX_3.4.32";
        public const string DebianLibStdCxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

        private const ushort VerFlagWeak = 2;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        public enum State { NotRequired, Weak, Strong }

        /// <summary>True when <paramref name="systemLibrary"/> exists and does not define <paramref name="version"/>
        /// (a system without that file is not one this fix is for).</summary>
        public static bool SystemLacks(string systemLibrary, string version) =>
            File.Exists(systemLibrary)
            && !Contains(File.ReadAllBytes(systemLibrary), Encoding.ASCII.GetBytes(version + "\0"));

        /// <summary>How <paramref name="elf"/> requires <paramref name="version"/>.</summary>
        public static State StateOf(byte[] elf, string version)
        {
            var at = FindFlags(elf, version);
            return at < 0 ? State.NotRequired
                : (BitConverter.ToUInt16(elf, at) & VerFlagWeak) != 0 ? State.Weak : State.Strong;
        }

        /// <summary>Marks the requirement weak in place; false when there was nothing to change.</summary>
        public static bool MarkWeak(byte[] elf, string version)
        {
            var at = FindFlags(elf, version);
            if (at < 0) return false;
            var flags = BitConverter.ToUInt16(elf, at);
            if ((flags & VerFlagWeak) != 0) return false;
            BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, at);
            return true;
        }

        /// <summary>Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/> and renames it
        /// over: a hard link to a package cache's file is replaced, never written through.</summary>
        public static void WriteReplacing(string path, byte[] bytes)
        {
            // Plain netstandard2.0 APIs only: RoslynCodeTaskFactory may compile this file against them.
            var temp = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            File.WriteAllBytes(temp, bytes);
            if (File.Exists(path)) File.Replace(temp, path, null);
            else File.Move(temp, path);
        }

        // Offset of the vna_flags field of the Vernaux entry naming `version`, or -1.
        private static int FindFlags(byte[] b, string version)
        {
            if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F'
                || b[4] != 2 || b[5] != 1)
                throw new InvalidDataException("not a little-endian ELF64 file");
            long shoff = (long)BitConverter.ToUInt64(b, 0x28);
            int shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (BitConverter.ToUInt32(b, (int)sh + 4) != ShtGnuVerneed) continue;
                long vn = (long)BitConverter.ToUInt64(b, (int)sh + 0x18);
                int link = (int)BitConverter.ToUInt32(b, (int)sh + 0x28);
                long strings = (long)BitConverter.ToUInt64(b, (int)(shoff + (long)link * shentsize) + 0x18);
                while (true)
                {
                    int count = BitConverter.ToUInt16(b, (int)vn + 2);
                    long aux = vn + BitConverter.ToUInt32(b, (int)vn + 8);
                    for (int a = 0; a < count; a++)
                    {
                        if (ReadString(b, strings + BitConverter.ToUInt32(b, (int)aux + 8)) == version)
                            return (int)aux + 4;
                        aux += BitConverter.ToUInt32(b, (int)aux + 12);
                    }
                    uint next = BitConverter.ToUInt32(b, (int)vn + 12);
                    if (next == 0) break;
                    vn += next;
                }
            }
            return -1;
        }

        private static string ReadString(byte[] b, long at)
        {
            int end = (int)at;
            while (b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
        }

        private static bool Contains(byte[] hay, byte[] needle)
        {
            for (int i = 0; i <= hay.Length - needle.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && hay[i + j] == needle[j]) j++;
                if (j == needle.Length) return true;
            }
            return false;
        }
    }
}

#if !HUMANCLAP_LIB
/// <summary>MSBuild task: marks <see cref="Version"/> weak in each of <see cref="Files"/> when
/// <see cref="SystemLibrary"/> lacks it.</summary>
public class MarkElfVersionNeedWeak : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Files { get; set; }
    [Microsoft.Build.Framework.Required] public string Version { get; set; }
    [Microsoft.Build.Framework.Required] public string SystemLibrary { get; set; }

    public override bool Execute()
    {
        if (!HumanClap.Common.ElfVersionNeed.SystemLacks(SystemLibrary, Version)) return true;
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var changed = HumanClap.Common.ElfVersionNeed.MarkWeak(bytes, Version);
                if (changed) HumanClap.Common.ElfVersionNeed.WriteReplacing(path, bytes);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    $"{Path.GetFileName(path)}: {Version} {(changed ? "marked weak" : "needs no change")} ({path})");
            }
            catch (Exception e)
            {
                Log.LogError($"Could not mark {Version} weak in {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }
}
#endif

namespace HumanClap;
internal static class BuildInfo { public const string Name = "HumanClap"; }

namespace HumanClap.Synthetic;
public sealed record WorldScale(string Name) { public static WorldScale FromName(string n) => new(n); }
public static class SyntheticWorld { public static object Generate(WorldScale s, int seed, string dir, int maxThreads = 2) => throw new NotImplementedException(); }
public static class ClapMini { public static void Create(string dir, int seed, IEnumerable<string> corpus) => throw new NotImplementedException(); }

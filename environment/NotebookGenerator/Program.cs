using HumanClap.NotebookGenerator;

// dotnet run --project environment/NotebookGenerator            writes notebooks/*.ipynb from notebooks/apps/*.cs
// dotnet run --project environment/NotebookGenerator -- --check  exits 1 when a committed notebook differs
var root = new DirectoryInfo(Directory.GetCurrentDirectory());
while (root is not null && !File.Exists(Path.Combine(root.FullName, "HumanClap.Lib.csproj"))) root = root.Parent;
if (root is null)
{
    Console.Error.WriteLine($"no HumanClap.Lib.csproj above {Directory.GetCurrentDirectory()}: " +
                            "run inside the repository");
    return 2;
}
try
{
    if (args is ["--check"])
    {
        var stale = NotebookSet.Stale(root.FullName);
        foreach (var notebook in stale) Console.Error.WriteLine($"{notebook}: differs from its app; run the generator");
        return stale.Count == 0 ? 0 : 1;
    }
    if (args.Length > 0)
    {
        Console.Error.WriteLine($"unknown argument '{args[0]}' (only --check)");
        return 2;
    }
    foreach (var notebook in NotebookSet.WriteAll(root.FullName)) Console.WriteLine($"wrote {notebook}");
    return 0;
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

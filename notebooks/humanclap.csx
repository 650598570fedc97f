// Loads HumanClap into this repository's notebooks the way a user's own notebook does, from the HumanClap package:
//     #i "nuget: /path/to/HumanClap/artifacts/packages"
//     #r "nuget: HumanClap, 0.1.0"
// The package's kernel extension then does the rest (one copy of each assembly, libtorch on Debian 12, charts,
// frames, clips; docs/notebooks.md). What this file adds: `#i` takes only absolute paths, so a notebook inside the
// repository cannot name the repository's feed itself; here the feed's path is filled in and the two lines are sent
// to the kernel. It also says what to do when the package is not packed yet, or when the NuGet cache still holds an
// earlier build of the same version. HUMANCLAP_FEED, when set, names another feed folder (the tests and
// `humanclap notebooks` give each build a folder of its own: the kernel caches what a set of package lines resolved
// to, keyed by those lines and their sources, so a new build in the same folder could be served the old paths).
using System;
using System.IO;
using System.Security.Cryptography;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

const string humanClapVersion = "0.1.0";
var humanClapFeed = Environment.GetEnvironmentVariable("HUMANCLAP_FEED") is { Length: > 0 } givenFeed
    ? Path.GetFullPath(givenFeed) : Path.GetFullPath(Path.Combine("..", "artifacts", "packages"));
var humanClapPackage = Path.Combine(humanClapFeed, $"HumanClap.{humanClapVersion}.nupkg");
var humanClapCache = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
    ? packages : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
    "humanclap", humanClapVersion);
var humanClapCachedHash = Path.Combine(humanClapCache, $"humanclap.{humanClapVersion}.nupkg.sha512");

string? humanClapProblem = null;
if (!File.Exists(humanClapPackage))
    humanClapProblem = $"HumanClap {humanClapVersion} is not packed yet (no {humanClapPackage}): run " +
                       "`dotnet pack packaging/HumanClap.Packages.slnf -c Release -o artifacts/packages` in the repository, " +
                       "then run this cell again.";
else if (File.Exists(humanClapCachedHash) && File.ReadAllText(humanClapCachedHash).Trim()
         != Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(humanClapPackage))))
    humanClapProblem = $"the NuGet cache holds an earlier build of HumanClap {humanClapVersion} ({humanClapCache}): " +
                       "delete that folder, restart the kernel and run this cell again.";

if (humanClapProblem is not null)
    KernelInvocationContext.Current.Fail(KernelInvocationContext.Current.Command, message: humanClapProblem);
else
    await Kernel.Root.SendAsync(new SubmitCode(
        $"#i \"nuget: {humanClapFeed}\"\n#r \"nuget: HumanClap, {humanClapVersion}\"", "csharp"));

using HumanClap.Common;

namespace HumanClap.Evaluation;

/// <summary>
/// The clips several text-to-audio systems generated for one prompt set, read from a long CSV
/// (<c>system,prompt_id,text,audio[,category]</c>, audio paths relative to the CSV) or from a folder per system
/// (<c>SYSTEMS_DIR/&lt;system&gt;/&lt;prompt_id&gt;.wav</c>, with a prompts CSV <c>prompt_id,text[,category]</c>).
/// Everything wrong with the set itself (an unknown prompt id, a duplicate (system, prompt), a prompt id with two
/// texts) is one <see cref="UserInputException"/> naming the row or file, before anything is scored; a missing or
/// undecodable clip is not checked here: it fails its own row when scored.
/// </summary>
public sealed class EvaluationSet
{
    /// <summary>Audio files the folder layout picks up.</summary>
    public static readonly IReadOnlyList<string> AudioExtensions = [".wav", ".mp3", ".ogg", ".flac"];

    public IReadOnlyList<GeneratedClip> Clips { get; }
    public IReadOnlyList<Prompt> Prompts { get; }
    /// <summary>Systems in ordinal order.</summary>
    public IReadOnlyList<string> Systems { get; }

    public EvaluationSet(IReadOnlyList<GeneratedClip> clips, IReadOnlyList<Prompt> prompts)
    {
        if (clips.Count == 0) throw new UserInputException("no generated clips to evaluate");
        var duplicate = clips.GroupBy(c => (c.System, c.PromptId)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UserInputException($"system '{duplicate.Key.System}' has two clips for prompt " +
                                         $"'{duplicate.Key.PromptId}': " +
                                         string.Join(" and ", duplicate.Select(c => c.Source)));
        var known = prompts.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        if (clips.FirstOrDefault(c => !known.Contains(c.PromptId)) is { } unknown)
            throw new UserInputException($"{unknown.Source}: unknown prompt id '{unknown.PromptId}'");
        Clips = clips.OrderBy(c => c.System, StringComparer.Ordinal).ThenBy(c => c.PromptId, StringComparer.Ordinal)
            .ToList();
        Prompts = prompts.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        Systems = Clips.Select(c => c.System).Distinct().ToList();
    }

    /// <summary>Prompts every system has a clip for (the set the systems' means and rankings use).</summary>
    public IReadOnlyList<string> CommonPrompts()
    {
        var present = Clips.Select(c => (c.System, c.PromptId)).ToHashSet();
        return Prompts.Select(p => p.Id).Where(id => Systems.All(s => present.Contains((s, id)))).ToList();
    }

    /// <summary>The long CSV <c>system,prompt_id,text,audio[,category]</c>.</summary>
    public static EvaluationSet FromCsv(string csvPath)
    {
        var csv = ReadCsv(csvPath);
        int system = csv.Column("system"), prompt = csv.Column("prompt_id"), text = csv.Column("text"),
            audio = csv.Column("audio");
        int category = csv.Header.ToList().IndexOf("category");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var clips = new List<GeneratedClip>();
        var prompts = new Dictionary<string, (Prompt Prompt, string Source)>(StringComparer.Ordinal);
        foreach (var r in csv.Records)
        {
            string source = $"{csvPath}:{r.Line}";
            string Field(int i, string name) => i < r.Fields.Length && r.Fields[i].Trim().Length > 0
                ? r.Fields[i].Trim() : throw new UserInputException($"{source}: empty '{name}'");
            var p = new Prompt(Field(prompt, "prompt_id"), Field(text, "text"),
                category >= 0 && category < r.Fields.Length ? r.Fields[category].Trim() : "");
            if (prompts.TryGetValue(p.Id, out var seen) && seen.Prompt != p)
                throw new UserInputException($"{source}: prompt '{p.Id}' has another text or category than at " +
                                             seen.Source);
            prompts.TryAdd(p.Id, (p, source));
            clips.Add(new GeneratedClip(Field(system, "system"), p.Id, p.Text,
                Path.GetFullPath(Field(audio, "audio"), baseDir), p.Category, source));
        }
        return new EvaluationSet(clips, prompts.Values.Select(v => v.Prompt).ToList());
    }

    /// <summary><c>SYSTEMS_DIR/&lt;system&gt;/&lt;prompt_id&gt;.wav</c> and the prompts CSV
    /// <c>prompt_id,text[,category]</c>. A prompt a system has no file for is missing for that system (compared on
    /// the intersection); a file whose name is no prompt id is an error.</summary>
    public static EvaluationSet FromFolders(string systemsDir, string promptsCsv)
    {
        if (!Directory.Exists(systemsDir)) throw new UserInputException($"{systemsDir}: systems folder not found");
        var prompts = ReadPrompts(promptsCsv);
        var byId = prompts.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var clips = new List<GeneratedClip>();
        foreach (var dir in Directory.GetDirectories(systemsDir).Order(StringComparer.Ordinal))
        {
            string system = Path.GetFileName(dir);
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                if (!AudioExtensions.Contains(Path.GetExtension(file).ToLowerInvariant())) continue;
                string id = Path.GetFileNameWithoutExtension(file);
                if (!byId.TryGetValue(id, out var p))
                    throw new UserInputException($"{file}: '{id}' is not a prompt id of {promptsCsv}");
                clips.Add(new GeneratedClip(system, id, p.Text, Path.GetFullPath(file), p.Category, file));
            }
        }
        if (clips.Count == 0)
            throw new UserInputException($"{systemsDir}: no audio files in SYSTEM/PROMPT_ID.wav sub-folders");
        return new EvaluationSet(clips, prompts);
    }

    private static IReadOnlyList<Prompt> ReadPrompts(string csvPath)
    {
        var csv = ReadCsv(csvPath);
        int id = csv.Column("prompt_id"), text = csv.Column("text");
        int category = csv.Header.ToList().IndexOf("category");
        var prompts = new Dictionary<string, (Prompt, long)>(StringComparer.Ordinal);
        foreach (var r in csv.Records)
        {
            string Field(int i, string name) => i < r.Fields.Length && r.Fields[i].Trim().Length > 0
                ? r.Fields[i].Trim() : throw new UserInputException($"{csvPath}:{r.Line}: empty '{name}'");
            var p = new Prompt(Field(id, "prompt_id"), Field(text, "text"),
                category >= 0 && category < r.Fields.Length ? r.Fields[category].Trim() : "");
            if (prompts.TryGetValue(p.Id, out var seen))
                throw new UserInputException($"{csvPath}:{r.Line}: prompt id '{p.Id}' again (first on line " +
                                             $"{seen.Item2})");
            prompts[p.Id] = (p, r.Line);
        }
        return prompts.Values.Select(v => v.Item1).ToList();
    }

    private static CsvFile ReadCsv(string path) => CsvIO.Read(path);
}

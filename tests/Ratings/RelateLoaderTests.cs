using HumanClap.Ratings;

namespace HumanClap.Tests.Ratings;

public class RelateLoaderTests
{
    private static string GoodFile() => RatingsCsv.Write(
        RatingsCsv.RelHeader,
        "/audiocaps/train/1.wav,\"Rain falls, a dog barks\",7,0007,natural,False,train,train",
        "/audioldm2/test/2.wav,A car passes,3,0007,audioldm,False,excluded,test",
        "/tango2/train/3.wav,Birds sing,0,0012,tango,True,excluded,");

    [Fact]
    public void Reads_typed_rows_with_quoted_commas_systems_from_folder_and_line_numbers()
    {
        var data = RelateLoader.Load(GoodFile());
        Assert.Empty(data.Problems);
        Assert.Equal(3, data.Ratings.Count);
        var first = data.Ratings[0];
        Assert.Equal(new Rating("0007", "/audiocaps/train/1.wav", "Rain falls, a dog barks", 7, false, "natural",
            "train", "train", 2), first);
        Assert.Equal("audioldm2", data.Ratings[1].System);   // `audio type` says audioldm; the folder is right
        Assert.Equal("tango2", data.Ratings[2].System);
        Assert.True(data.Ratings[2].IsAnchor);
        Assert.Equal("", data.Ratings[2].AudioCapsSplit);
        Assert.Equal(4, data.Ratings[2].Line);
        Assert.True(data.HasRelateSplit);
        Assert.Equal(3, data.ToFrame().RowCount);
    }

    [Fact]
    public void Missing_column_is_structural_and_names_file_and_column()
    {
        var path = RatingsCsv.Write("wavname,text,score,listener_id,audio type,in RELATE dataset,in AudioCaps",
            "/audiocaps/train/1.wav,x,7,0001,natural,train,train");
        var e = Assert.Throws<RatingsFormatException>(() => RelateLoader.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'anchor label'", e.Message);
    }

    [Fact]
    public void Missing_file_is_structural()
    {
        var e = Assert.Throws<RatingsFormatException>(() => RelateLoader.Load("/nonexistent/REL.csv"));
        Assert.Contains("/nonexistent/REL.csv", e.Message);
    }

    [Fact]
    public void Bad_rows_are_reported_with_lines_and_counts_and_good_rows_kept()
    {
        var path = RatingsCsv.Write(
            RatingsCsv.RelHeader,
            "/audiocaps/train/1.wav,A,7,0001,natural,False,train,train",     // 2 good
            "/audiocaps/train/2.wav,B,seven,0001,natural,False,train,train", // 3 not an integer
            "/audiocaps/train/3.wav,C,11,0001,natural,False,train,train",    // 4 out of range
            "/audiocaps/train/4.wav,D,-1,0001,natural,False,train,train",    // 5 out of range
            "/audiocaps/train/5.wav,E,4,0001,natural,Maybe,train,train",     // 6 unknown anchor label
            "/audiocaps/train/1.wav,A,2,0001,natural,False,train,train",     // 7 duplicate of line 2
            "/audiocaps/train/1.wav,A,2,0002,natural,False,train,train",     // 8 good: another listener
            "/musicgen/train/6.wav,F,2,0002,natural,False,train,train",      // 9 unknown system folder
            "/audiocaps/train/7.wav,G,2,0002,natural,False,train");          // 10 field count
        var data = RelateLoader.Load(path);
        Assert.Equal([2, 8], data.Ratings.Select(r => r.Line));
        Assert.Equal([3, 4, 5, 6, 7, 9, 10], data.Problems.Select(p => p.Line));
        Assert.All(data.Problems, p => Assert.Equal(path, p.File));
        Assert.Equal(2, data.ProblemCounts["score-out-of-range"]);
        Assert.Equal(1, data.ProblemCounts["score-not-integer"]);
        Assert.Equal(1, data.ProblemCounts["anchor-label"]);
        Assert.Equal(1, data.ProblemCounts["duplicate"]);
        Assert.Contains("line 2", data.Problems.Single(p => p.Kind == "duplicate").Message);
        Assert.Contains("'Maybe'", data.Problems.Single(p => p.Kind == "anchor-label").Message);
    }

    [Fact]
    public void Strict_rows_throws_on_the_first_bad_row_naming_file_and_line()
    {
        var path = RatingsCsv.Write(RatingsCsv.RelHeader,
            "/audiocaps/train/1.wav,A,7,0001,natural,False,train,train",
            "/audiocaps/train/2.wav,B,12,0001,natural,False,train,train");
        var e = Assert.Throws<RatingsFormatException>(() =>
            RelateLoader.Load(path, options: new RatingsLoadOptions { StrictRows = true }));
        Assert.Contains($"{path}:3:", e.Message);
    }

    [Fact]
    public void Files_without_the_relate_column_load_with_empty_split()
    {
        var path = RatingsCsv.WriteNamed("scores/IS.csv",
            "wavname,text,score,listener_id,audio type,anchor label,in AudioCaps",
            "/tango/test/1.wav,A,10,10000,tango,False,test");
        var data = RelateLoader.Load(path);
        Assert.False(data.HasRelateSplit);
        Assert.Equal("", data.Ratings.Single().RelateSplit);
        Assert.Equal("10000", data.Ratings.Single().ListenerId);
    }

    [Fact]
    public void Listener_attributes_load_as_text_keyed_by_id()
    {
        var listeners = RatingsCsv.WriteNamed("listener_attributes/REL.csv", "listener_id,question1,question3",
            "0007,6,United Kingdom", "0012,2,\"Korea, Republic of\"", "0007,1,France");
        var data = RelateLoader.Load(GoodFile(), listeners);
        Assert.Equal(2, data.Listeners.Count);
        Assert.Equal("6", data.Listeners["0007"].Answers["question1"]);
        Assert.Equal("Korea, Republic of", data.Listeners["0012"].Answers["question3"]);
        Assert.Equal(4, data.Problems.Single().Line);   // the repeated listener
    }

    [Fact]
    public void Manifest_accepts_the_published_file_and_rejects_a_changed_one()
    {
        var path = GoodFile();
        var manifest = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path))!, "m.json");
        // The expected hash is computed independently of the loader, with the framework's SHA-256 over the bytes.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        File.WriteAllText(manifest, $$"""{"files":[{"path":"scores/REL.csv","sha256":"{{sha}}"}]}""");
        Assert.Equal(3, RelateLoader.Load(path, options: new RatingsLoadOptions { Manifest = manifest }).Ratings.Count);

        File.AppendAllText(path, "/audiocaps/train/9.wav,Z,1,0009,natural,False,train,train\n");
        var e = Assert.Throws<RatingsFormatException>(() =>
            RelateLoader.Load(path, options: new RatingsLoadOptions { Manifest = manifest }));
        Assert.Contains("differs from the published", e.Message);
        Assert.Contains(sha, e.Message);
    }

    [Fact]
    public void Manifest_without_the_file_says_so()
    {
        var path = GoodFile();
        var manifest = Path.Combine(Path.GetDirectoryName(path)!, "m.json");
        File.WriteAllText(manifest, """{"files":[{"path":"scores/IS.csv","sha256":"00"}]}""");
        var e = Assert.Throws<RatingsFormatException>(() =>
            RelateLoader.Load(path, options: new RatingsLoadOptions { Manifest = manifest }));
        Assert.Contains("not listed in manifest", e.Message);
    }
}

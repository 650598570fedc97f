using HumanClap.Tests.Support;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using HumanClap.Synthetic;
using NAudio.Wave;

namespace HumanClap.Tests.Synthetic;

[Collection(SerialCollection.Name)]
public class WorldFileTests(TinyWorldFixture world) : IClassFixture<TinyWorldFixture>
{
    private static Dictionary<string, string> HashAll(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f),
                          f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void SameSeedGivesByteIdenticalFilesWhateverTheThreadCount()
    {
        var again = Path.Combine(Path.GetTempPath(), "humanclap-world-" + Guid.NewGuid().ToString("N"));
        try
        {
            SyntheticWorld.Generate(WorldScale.Tiny, TinyWorldFixture.Seed, again, maxThreads: 1);
            var a = HashAll(world.Dir);
            var b = HashAll(again);
            Assert.True(a.Count > 200);
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var (file, hash) in a)
                Assert.True(hash == b[file], $"{file} differs between two runs with the same seed");
        }
        finally { Directory.Delete(again, recursive: true); }
    }

    [Fact]
    public void DifferentSeedGivesDifferentRatings()
    {
        var other = Path.Combine(Path.GetTempPath(), "humanclap-world-" + Guid.NewGuid().ToString("N"));
        try
        {
            SyntheticWorld.Generate(WorldScale.Tiny with { PretrainClips = 1 }, TinyWorldFixture.Seed + 1, other);
            Assert.NotEqual(File.ReadAllText(world.Summary.Folder.ScoresCsv),
                            File.ReadAllText(new WorldFolder(other).ScoresCsv));
        }
        finally { Directory.Delete(other, recursive: true); }
    }

    [Fact]
    public void RefusesANonEmptyOutputFolder() =>
        Assert.Throws<HumanClap.Common.UserInputException>(
            () => SyntheticWorld.Generate(WorldScale.Tiny, 1, world.Dir));

    [Fact]
    public void UnknownScaleNameIsAClearError() =>
        Assert.Contains("huge",
            Assert.Throws<HumanClap.Common.UserInputException>(() => WorldScale.FromName("huge")).Message);

    [Fact]
    public void ScoresFollowRelateConventions()
    {
        var header = File.ReadLines(world.Summary.Folder.ScoresCsv).First();
        Assert.Equal("wavname,text,score,listener_id,audio type,anchor label,in RELATE dataset,in AudioCaps", header);
        var rows = TinyWorldFixture.ReadCsv(world.Summary.Folder.ScoresCsv);
        var wav = new Regex(@"^/(audiocaps|audioldm|audioldm2|tango|tango2)/(train|test)/\d+\.wav$");
        foreach (var r in rows)
        {
            Assert.Matches(wav, r["wavname"]);
            Assert.InRange(int.Parse(r["score"]), 0, 10);
            Assert.Matches(@"^\d{4}$", r["listener_id"]);
            string folder = r["wavname"].Split('/')[1];
            Assert.Equal(folder switch
            {
                "audiocaps" => "natural", "audioldm2" => "audioldm", "tango2" => "tango", _ => folder,
            }, r["audio type"]);
            if (r["anchor label"] == "True")
            {
                Assert.Equal("excluded", r["in RELATE dataset"]);
                Assert.Equal("", r["in AudioCaps"]);
            }
            else
            {
                Assert.Equal("False", r["anchor label"]);
                Assert.Equal(r["wavname"].Split('/')[2], r["in AudioCaps"]);
                Assert.Contains(r["in RELATE dataset"], new[] { "train", "validation", "test", "excluded" });
            }
            Assert.True(File.Exists(Path.Combine(world.Dir, r["wavname"].TrimStart('/'))), r["wavname"]);
        }
        // Three anchors per listener, and about four ratings per pair.
        Assert.All(rows.GroupBy(r => r["listener_id"]),
            g => Assert.Equal(3, g.Count(r => r["anchor label"] == "True")));
        var perPair = rows.Where(r => r["anchor label"] == "False").GroupBy(r => (r["wavname"], r["text"])).ToList();
        Assert.Equal(world.Summary.Counts.Pairs, perPair.Count);
        Assert.InRange(perPair.Average(g => g.Count()), 3.5, 4.0);
        Assert.Equal(world.Summary.Counts.Listeners,
                     TinyWorldFixture.ReadCsv(world.Summary.Folder.ListenerAttributesCsv).Count);
    }

    [Fact]
    public void CaptionsCoverEveryNaturalClipWithANoisyCaption()
    {
        var rows = TinyWorldFixture.ReadCsv(world.Summary.Folder.CaptionsCsv);
        Assert.Equal(WorldScale.Tiny.Captions + WorldScale.Tiny.PretrainClips, rows.Count);
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r["noisy_caption"])));
        Assert.Equal(WorldScale.Tiny.PretrainClips,
            rows.Count(r => r["split"] == "pretrain" && r["wavname"].StartsWith("/audiocaps/pretrain/")));
        // Noise changes a fair share of captions, but not all.
        double changed = rows.Average(r => r["caption"] == r["noisy_caption"] ? 0.0 : 1.0);
        Assert.InRange(changed, 0.3, 0.95);
    }

    [Fact]
    public void WavFilesAre16kMono16Bit()
    {
        foreach (var f in Directory.EnumerateFiles(world.Dir, "*.wav", SearchOption.AllDirectories).Take(40))
        {
            using var reader = new WaveFileReader(f);
            Assert.Equal(16_000, reader.WaveFormat.SampleRate);
            Assert.Equal(1, reader.WaveFormat.Channels);
            Assert.Equal(16, reader.WaveFormat.BitsPerSample);
            Assert.InRange(reader.TotalTime.TotalSeconds,
                           WorldScale.Tiny.MinSeconds - 0.01, WorldScale.Tiny.MaxSeconds + 0.01);
        }
    }

    [Fact]
    public void RatingsTrackTruthButNotPerfectlyAndScreeningFindsCarelessListeners()
    {
        var s = WorldDiagnostics.Compute(world.Dir);
        Assert.InRange(s.SpearmanSingleKept, 0.4, 0.97);
        Assert.InRange(s.SpearmanPairMeanKept, s.SpearmanSingleKept, 0.995);
        Assert.True(s.SpearmanSingleAll < s.SpearmanSingleKept, "careless listeners should weaken the correlation");
        Assert.True(s.ScreeningRecall >= 0.5, $"recall {s.ScreeningRecall}");
        Assert.True(s.MeanRelevanceBySystem["natural"] > s.MeanRelevanceBySystem["audioldm"]);
    }

    [Fact]
    public void CarelessListenersFailAnchorsMoreOften()
    {
        var careless = TinyWorldFixture.ReadCsv(world.Summary.Folder.TruthListenersCsv)
            .ToDictionary(r => r["listener_id"], r => r["careless"] == "True");
        var anchors = TinyWorldFixture.ReadCsv(world.Summary.Folder.ScoresCsv).Where(r => r["anchor label"] == "True")
            .GroupBy(r => r["listener_id"]).ToDictionary(g => g.Key, g => g.Average(r => double.Parse(r["score"])));
        var carelessMean = anchors.Where(kv => careless[kv.Key]).Average(kv => kv.Value);
        var attentiveMean = anchors.Where(kv => !careless[kv.Key]).Average(kv => kv.Value);
        Assert.True(carelessMean > attentiveMean + 2, $"careless {carelessMean:F2} vs attentive {attentiveMean:F2}");
    }
}

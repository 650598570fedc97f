using HumanClap.Audio;
using HumanClap.Audio.Laion;
using HumanClap.Common;

namespace HumanClap.Scoring.Protocols;

/// <summary>The toolkits whose CLAPScore HumanClap can replay (docs/clapscore-protocols.md gives each setting's
/// source line; <c>data-manifests/protocols/clapscore-protocols.json</c> holds the research they were read from,
/// including the toolkits not selectable here and why).</summary>
public static class ClapScoreProtocols
{
    private const string LaionClap = "LAION-AI/CLAP@740d350 (laion_clap 1.1.4) src/laion_clap/hook.py:119-213, " +
                                     "training/data.py:363-506";
    private const string SoxrNote = "resamples with HumanClap's 64-tap polyphase sinc, not {0}: clips already at " +
                                    "48 kHz (what text-to-audio systems mostly write) are unaffected";
    private const string SeededNote = "draws the random {0} from the run's seed per clip (the toolkit does not seed " +
                                      "numpy); the draws are written beside the scores";

    public static readonly ClapScoreProtocol StableAudioMetrics = new()
    {
        Name = "stable-audio-metrics",
        Toolkit = "Stability-AI/stable-audio-metrics (Stable Audio Open)",
        Source = "Stability-AI/stable-audio-metrics@fd55536 src/clap_score.py:47-119; " + LaionClap,
        Checkpoint = "630k-audioset-fusion-best.pt", Fusion = true,
        Resampler = ResamplerKind.Polyphase, Level = LevelNormalisation.PeakMinus1Db,
        Deviations =
        [
            string.Format(SoxrNote, "librosa 0.10's soxr_hq"),
            string.Format(SeededNote, "fusion chunks"),
            "a silent clip fails its row (pyloudnorm's peak step divides by zero there)",
        ],
    };

    public static readonly ClapScoreProtocol Tango2 = new()
    {
        Name = "tango2",
        Toolkit = "declare-lab/tango, tango2/inference.py (Tango 2)",
        Source = "declare-lab/tango@34ecd38 tango2/inference.py:22-45,137-177; " + LaionClap,
        Checkpoint = "630k-audioset-best.pt", Fusion = false,
        Resampler = ResamplerKind.Polyphase, ReportedDecimals = 2,
        Deviations =
        [
            string.Format(SoxrNote, "librosa 0.9.2's kaiser_best (resampy)"),
            string.Format(SeededNote, "10 s crop"),
        ],
    };

    public static readonly ClapScoreProtocol FrechetAudioDistance = new()
    {
        Name = "frechet-audio-distance",
        Toolkit = "gudgud96/frechet-audio-distance, CLAPScore",
        Source = "gudgud96/frechet-audio-distance@55971f6 frechet_audio_distance/clap_score.py:27-102,141-341, " +
                 "utils.py:6-25; " + LaionClap,
        Checkpoint = "630k-audioset-best.pt", Fusion = false,
        Resampler = ResamplerKind.Polyphase,
        Clips = LaionClipRules.Laion with { Quantize = false },
        Deviations =
        [
            string.Format(SoxrNote, "resampy's kaiser_best"),
            string.Format(SeededNote, "10 s crop"),
            "pairs clips with texts by the CSV's rows, not by os.listdir order",
        ],
    };

    public static readonly ClapScoreProtocol AudioLdmEval = new()
    {
        Name = "audioldm-eval-passt",
        Toolkit = "haoheliu/audioldm_eval, branch passt_replace_panns (AudioLDM, AudioLDM 2)",
        Source = "haoheliu/audioldm_eval@a2fde54 audioldm_eval/metrics/clap_score.py:10-41, " +
                 "clap_score/model.py:11-199, datasets/load_mel.py:126-175",
        Checkpoint = "music_speech_audioset_epoch_15_esc_89.98.pt", Fusion = false,
        Downmix = ChannelDownmix.FirstChannel, Resampler = ResamplerKind.Torchaudio, IntermediateRate = 32_000,
        Level = LevelNormalisation.RemoveDc,
        Clips = new LaionClipRules
        {
            Quantize = false, LongClips = LongClipRule.HeadCrop, ShortClips = ShortClipRule.ZeroPadToOneSecond,
        },
        Deviations =
        [
            "removes the mean after resampling to 48 kHz, not at 32 kHz (a constant passes both resamplers unchanged " +
            "away from the clip's edges)",
            "never replaces an embedding by the empty text's: the toolkit does that with unseeded probability 0.1 " +
            "(unconditional_prob), which no run can replay",
            "scores every clip, whatever their number (the toolkit runs only on 850-980 or 5471 files)",
        ],
    };

    public static IReadOnlyList<ClapScoreProtocol> All { get; } =
        [StableAudioMetrics, AudioLdmEval, Tango2, FrechetAudioDistance];

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    /// <exception cref="UserInputException">an unknown name; the message lists the known ones.</exception>
    public static ClapScoreProtocol Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UserInputException($"unknown CLAPScore protocol '{name}'; known: {string.Join(", ", Names)}");
}

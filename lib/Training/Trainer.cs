using HumanClap.Common;
using System.Diagnostics;
using System.Text.Json;
using HumanClap.Model;
using HumanClap.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Training;

/// <summary>Fine-tunes (or pretrains) a <see cref="ClapModel"/> with AdamW (<see cref="LeanAdamW"/>) on audio-text
/// pairs and their targets.
/// <para>Determinism and resuming: the shuffle of epoch e uses System.Random(seed, e) and dropout uses torch's
/// generator seeded with (seed, e) at the start of the epoch, so every epoch's randomness is a function of
/// (seed, epoch) alone. A checkpoint (weights, optimizer moments, trainer state) is written atomically after every
/// epoch; resuming from it therefore ends bit-for-bit where an unbroken run ends (on CPU).</para></summary>
public sealed class Trainer
{
    public const string LastDir = "last", BestDir = "best", StateFile = "trainer_state.json",
        OptimizerFile = "optimizer.bin";

    private readonly ClapModel _model;
    private readonly ClapTokenizer _tokenizer;
    private readonly FeatureCache _features;
    private readonly Device _device;

    /// <summary>
    /// Trains on the device the model's parameters are on; cached features stay on the CPU and move per batch.
    /// </summary>
    public Trainer(ClapModel model, ClapTokenizer tokenizer, FeatureCache features)
    {
        _model = model; _tokenizer = tokenizer; _features = features;
        _device = model.parameters().First().device;
    }

    public TrainingResult Train(IReadOnlyList<TrainingPair> train, IReadOnlyList<TrainingPair> validation,
                                TrainerOptions o)
    {
        if (train.Count == 0) throw new ArgumentException("no training pairs");
        if (validation.Count == 0)
            throw new ArgumentException("no validation pairs: the best model is chosen by validation loss");
        Directory.CreateDirectory(o.OutputDir);
        using var optimizer = new LeanAdamW(_model.parameters(), o.LearningRate, 0.9, 0.999, 1e-8, o.WeightDecay);
        var state = TryResume(o, optimizer) ?? new TrainerState { Fingerprint = Fingerprint(o, train, validation) };
        if (state.Fingerprint != Fingerprint(o, train, validation))
            throw new UserInputException($"{Path.Combine(o.OutputDir, LastDir)} was written by a run with other " +
                                         "options or data; use a new output folder (--out) or start afresh (--force)");

        int stopAt = o.StopAfterEpochs is int n ? Math.Min(o.Epochs, state.EpochsDone + n) : o.Epochs;
        while (state.EpochsDone < stopAt)
        {
            int epoch = state.EpochsDone + 1;
            var sw = Stopwatch.StartNew();
            double trainLoss = RunEpoch(train, o, optimizer, epoch);
            var (valLoss, valMse) = Evaluate(validation, o);
            bool best = valLoss < state.BestValidationLoss;
            if (best)
            {
                state.BestValidationLoss = valLoss;
                state.BestEpoch = epoch;
                SaveAtomically(Path.Combine(o.OutputDir, BestDir), dir => _model.SavePretrained(dir));
            }
            GC.Collect();
            state.History.Add(new EpochRecord(epoch, trainLoss, valLoss, valMse, best, sw.Elapsed.TotalSeconds,
                Process.GetCurrentProcess().WorkingSet64));
            state.EpochsDone = epoch;
            SaveAtomically(Path.Combine(o.OutputDir, LastDir), dir =>
            {
                _model.SavePretrained(dir);
                optimizer.Save(Path.Combine(dir, OptimizerFile));
                AtomicFile.WriteAllText(Path.Combine(dir, StateFile), JsonSerializer.Serialize(state, JsonOptions));
            });
        }
        return new TrainingResult(Path.Combine(o.OutputDir, BestDir), Path.Combine(o.OutputDir, LastDir),
            state.BestEpoch, state.BestValidationLoss, state.History, state.EpochsDone >= o.Epochs);
    }

    private double RunEpoch(IReadOnlyList<TrainingPair> train, TrainerOptions o, LeanAdamW optimizer, int epoch)
    {
        _model.train();
        manual_seed(MixSeed(o.Seed, epoch));
        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random(MixSeed(o.Seed, epoch)).Shuffle(order);
        int steps = (order.Length + o.BatchSize - 1) / o.BatchSize;
        double sum = 0;
        int count = 0;
        for (int s = 0; s < steps; s++)
        {
            var batch = order.Skip(s * o.BatchSize).Take(o.BatchSize).Select(i => train[i]).ToList();
            // A batch of one has no negatives for the contrastive term; LAION drops such a remainder too.
            if (batch.Count < 2) continue;
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var loss = BatchLoss(batch, o).Total;
            double value = loss.item<float>();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException($"loss became {value} at epoch {epoch}, step {s + 1}; " +
                    $"stopped without saving; the last good checkpoint is {Path.Combine(o.OutputDir, LastDir)}");
            loss.backward();
            optimizer.Step();
            using (no_grad()) _model.LogitScaleA.clamp_(0, Math.Log(Losses.HumanClapLoss.MaxLogitScale));
            sum += value * batch.Count;
            count += batch.Count;
            o.Progress?.Report(new TrainingProgress(epoch, o.Epochs, s + 1, steps, sum / count));
        }
        return sum / Math.Max(count, 1);
    }

    /// <summary>Mean loss and mean squared error over the pairs, in order, without gradients.</summary>
    public (double Loss, double Mse) Evaluate(IReadOnlyList<TrainingPair> pairs, TrainerOptions o)
    {
        _model.eval();
        using var _ = no_grad();
        double loss = 0, mse = 0;
        int n = 0;
        for (int s = 0; s < pairs.Count; s += o.BatchSize)
        {
            var batch = pairs.Skip(s).Take(o.BatchSize).ToList();
            using var scope = NewDisposeScope();
            var terms = BatchLoss(batch, o);
            loss += terms.Total.item<float>() * batch.Count;
            mse += terms.Mse.item<float>() * batch.Count;
            n += batch.Count;
        }
        return (loss / n, mse / n);
    }

    private Losses.LossTerms BatchLoss(IReadOnlyList<TrainingPair> batch, TrainerOptions o)
    {
        var (features, isLonger) = _features.Batch(batch.Select(p => p.AudioId).ToList());
        using var tokens = _tokenizer.Encode(batch.Select(p => p.Text).ToList(), TextPadding.Longest);
        var audio = _model.EncodeAudio(features.to(_device), isLonger.to(_device)).Embeds;
        var text = _model.EncodeText(tokens.InputIds.to(_device), tokens.AttentionMask.to(_device)).Embeds;
        var targets = tensor(batch.Select(p => (float)p.Target).ToArray()).to(_device);
        return o.Loss.Compute(audio, text, targets, _model.LogitScaleA);
    }

    private TrainerState? TryResume(TrainerOptions o, LeanAdamW optimizer)
    {
        var last = Path.Combine(o.OutputDir, LastDir);
        RecoverInterruptedSave(last);
        if (!o.Resume || !File.Exists(Path.Combine(last, StateFile))) return null;
        var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(Path.Combine(last, StateFile)),
                                                             JsonOptions)
                    ?? throw new UserInputException($"{Path.Combine(last, StateFile)} is empty");
        using var weights = ClapModel.FromPretrained(last);
        CheckpointIO.LoadStrict(_model, weights.state_dict(), last);
        optimizer.Load(Path.Combine(last, OptimizerFile));
        return state;
    }

    /// <summary>Writes a checkpoint folder next to its final place and swaps it in with renames, so a kill at any
    /// moment leaves either the previous or the new checkpoint complete.</summary>
    private static void SaveAtomically(string dir, Action<string> write)
    {
        string tmp = dir + ".tmp", old = dir + ".old";
        if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        write(tmp);
        if (Directory.Exists(old)) Directory.Delete(old, true);
        if (Directory.Exists(dir)) Directory.Move(dir, old);
        Directory.Move(tmp, dir);
        if (Directory.Exists(old)) Directory.Delete(old, true);
    }

    /// <summary>
    /// A kill between the two renames leaves only <c>dir.old</c>: that is the complete previous checkpoint.
    /// </summary>
    private static void RecoverInterruptedSave(string dir)
    {
        if (!Directory.Exists(dir) && Directory.Exists(dir + ".old")) Directory.Move(dir + ".old", dir);
    }

    // HashCode.Combine is randomised per process; resuming needs a stable mix.
    private static int MixSeed(int seed, int epoch) => SeedMixer.Mix(seed, epoch);

    private static string Fingerprint(TrainerOptions o, IReadOnlyList<TrainingPair> train,
                                      IReadOnlyList<TrainingPair> validation)
    {
        var text = $"{o.LearningRate}|{o.BatchSize}|{o.Epochs}|{o.WeightDecay}|{o.Seed}|{o.Loss}|" +
                   string.Join(";", train.Select(p => $"{p.AudioId}|{p.Text}|{p.Target:R}")) + "#" +
                   string.Join(";", validation.Select(p => $"{p.AudioId}|{p.Text}|{p.Target:R}"));
        return Convert.ToHexString(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed class TrainerState
    {
        public string Fingerprint { get; set; } = "";
        public int EpochsDone { get; set; }
        public int BestEpoch { get; set; }
        public double BestValidationLoss { get; set; } = double.PositiveInfinity;
        public List<EpochRecord> History { get; set; } = new();
    }
}

#!/usr/bin/python3
"""PyTorch reference for HumanClap's full-size fine-tuning step (`humanclap bench --train-step-only`).

A plain-PyTorch CLAP (HTSAT-tiny audio tower + RoBERTa-base text tower, the shapes of laion/clap-htsat-unfused)
with random weights, written from the behaviour of the project's C# model (lib/Model), for timing only: it times
the same step as lib/Benchmarks/TrainStepBenchmark.cs (forward, HumanClapLoss.PaperDefault, backward, AdamW) on
the same kind of batch, so the C# step time can be compared with PyTorch's own on one machine.
Module attributes are named as checkpoint keys, so the state dict can be checked key for key against the full-size
layout in tests/fixtures/clap-parity/keys_full_unfused.json.
"""
import argparse
import ctypes
import json
import math
import os
import re
import resource
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(REPO, "tests", "fixtures", "clap-parity")

# ClapConfig.HtsatTiny(): transformers' defaults for HTSAT-tiny + RoBERTa-base.
AUDIO = dict(spec_size=256, mel_bins=64, patch=4, embed=96, depths=(2, 2, 6, 2), heads=(4, 8, 16, 32), window=8,
             mlp_ratio=4.0, eps=1e-5)
TEXT = dict(vocab=50265, hidden=768, layers=12, heads=12, intermediate=3072, max_positions=514, type_vocab=1,
            eps=1e-12, dropout=0.1, pad=1, bos=0, eos=2)
PROJECTION_DIM = 512
LOGIT_SCALE_INIT = 1 / 0.07
FRAMES = 1001  # 10 s at 48 kHz, hop 480: the extractor's output length


# ---------------------------------------------------------------------------------------------- shared blocks
class Dense(nn.Module):
    """A block whose only child is `dense` (HF's intermediate/output shape; the C# DenseLayer)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.dense = nn.Linear(n_in, n_out)

    def forward(self, x):
        return self.dense(x)


class Projection(nn.Module):
    """`audio_projection` / `text_projection`: linear1, ReLU, linear2."""

    def __init__(self, n_in, dim):
        super().__init__()
        self.linear1 = nn.Linear(n_in, dim)
        self.linear2 = nn.Linear(dim, dim)

    def forward(self, x):
        return self.linear2(F.relu(self.linear1(x)))


# ---------------------------------------------------------------------------------------------- HTSAT (audio)
def relative_position_index(w):
    """Swin's index into the bias table for each (query, key) pair of a w x w window."""
    pos = torch.arange(w * w)
    rows, cols = pos // w, pos % w
    dh = rows[:, None] - rows[None, :] + w - 1
    dw = cols[:, None] - cols[None, :] + w - 1
    return dh * (2 * w - 1) + dw


def partition(x, ws):
    """(B, H, W, C) -> (B * windows, ws, ws, C)."""
    b, h, w, c = x.shape
    return x.view(b, h // ws, ws, w // ws, ws, c).permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, ws, ws, c)


def unpartition(windows, ws, h, w):
    c = windows.shape[-1]
    return windows.view(-1, h // ws, w // ws, ws, ws, c).permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, h, w, c)


def shift_mask(h, w, ws, shift):
    """The shifted-window mask: -100 between tokens that came from different regions of the rolled grid."""
    def band(i, n):
        return 0 if i < n - ws else 1 if i < n - shift else 2
    region = torch.tensor([[band(i, h) * 3 + band(j, w) for j in range(w)] for i in range(h)], dtype=torch.float32)
    windows = partition(region.view(1, h, w, 1), ws).view(-1, ws * ws)
    diff = windows.unsqueeze(1) - windows.unsqueeze(2)
    return torch.zeros_like(diff).masked_fill(diff != 0, -100.0)


class SwinSelfAttention(nn.Module):
    """`attention.self`: window attention with a learned relative position bias, written with explicit matmuls
    and softmax as the C# port does (torch 1.13 has no fused attention kernel anyway)."""

    def __init__(self, dim, heads, window):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim)
        self.relative_position_bias_table = nn.Parameter(torch.zeros((2 * window - 1) ** 2, heads))
        self.register_buffer("relative_position_index", relative_position_index(window))

    def forward(self, windows, mask):
        bw, n, c = windows.shape
        head_dim = c // self.heads

        def split(t):
            return t.view(bw, n, self.heads, head_dim).transpose(1, 2)

        scores = split(self.query(windows)).matmul(split(self.key(windows)).transpose(-1, -2)) / math.sqrt(head_dim)
        table = self.relative_position_bias_table
        bias = table.index_select(0, self.relative_position_index.view(-1)).view(n, n, -1).permute(2, 0, 1)
        scores = scores + bias.unsqueeze(0)
        if mask is not None:
            nw = mask.shape[0]
            scores = (scores.view(bw // nw, nw, self.heads, n, n) + mask.unsqueeze(1).unsqueeze(0)).view(
                -1, self.heads, n, n)
        probs = F.softmax(scores, -1)
        return probs.matmul(split(self.value(windows))).transpose(1, 2).reshape(bw, n, c)


class SwinAttention(nn.Module):
    def __init__(self, dim, heads, window):
        super().__init__()
        self.self = SwinSelfAttention(dim, heads, window)
        self.output = Dense(dim, dim)

    def forward(self, windows, mask):
        return self.output(self.self(windows, mask))


class SwinBlock(nn.Module):
    """`layers.i.blocks.j`: pre-norm (shifted) window attention, then pre-norm GELU MLP."""

    def __init__(self, dim, heads, resolution, shifted):
        super().__init__()
        window = AUDIO["window"]
        # As in Swin/HF: a grid no larger than a window is attended whole, without shifting.
        self.window = resolution if resolution <= window else window
        self.shift = 0 if resolution <= window or not shifted else window // 2
        hidden = int(dim * AUDIO["mlp_ratio"])
        self.layernorm_before = nn.LayerNorm(dim, eps=AUDIO["eps"])
        self.attention = SwinAttention(dim, heads, self.window)
        self.layernorm_after = nn.LayerNorm(dim, eps=AUDIO["eps"])
        self.intermediate = Dense(dim, hidden)
        self.output = Dense(hidden, dim)
        # Not a checkpoint key (the C# port caches it outside registration): a non-persistent buffer.
        mask = shift_mask(resolution, resolution, self.window, self.shift) if self.shift else None
        self.register_buffer("shift_mask", mask, persistent=False)

    def forward(self, hidden, height, width):
        b, _, c = hidden.shape
        ws = self.window
        x = self.layernorm_before(hidden).view(b, height, width, c)
        # The full-size grids (64, 32, 16, 8) are multiples of the window, so the C# port's padding never runs.
        if self.shift:
            x = torch.roll(x, (-self.shift, -self.shift), (1, 2))
        attended = self.attention(partition(x, ws).view(-1, ws * ws, c), self.shift_mask)
        x = unpartition(attended.view(-1, ws, ws, c), ws, height, width)
        if self.shift:
            x = torch.roll(x, (self.shift, self.shift), (1, 2))
        hidden = hidden + x.view(b, height * width, c)
        return hidden + self.output(F.gelu(self.intermediate(self.layernorm_after(hidden))))


class PatchMerging(nn.Module):
    """`downsample`: 2x2 neighbours concatenated (checkpoint order), normalised, reduced 4C -> 2C."""

    def __init__(self, dim):
        super().__init__()
        self.reduction = nn.Linear(4 * dim, 2 * dim, bias=False)
        self.norm = nn.LayerNorm(4 * dim)

    def forward(self, hidden, height, width):
        b, _, c = hidden.shape
        x = hidden.view(b, height, width, c)
        parts = [x[:, 0::2, 0::2], x[:, 1::2, 0::2], x[:, 0::2, 1::2], x[:, 1::2, 1::2]]
        return self.reduction(self.norm(torch.cat(parts, -1).view(b, -1, 4 * c)))


class SwinStage(nn.Module):
    def __init__(self, dim, depth, heads, resolution, downsample):
        super().__init__()
        self.blocks = nn.ModuleList(SwinBlock(dim, heads, resolution, i % 2 == 1) for i in range(depth))
        self.downsample = PatchMerging(dim) if downsample else None

    def forward(self, hidden, height, width):
        for block in self.blocks:
            hidden = block(hidden, height, width)
        if self.downsample is None:
            return hidden, height, width
        return self.downsample(hidden, height, width), height // 2, width // 2


class PatchEmbed(nn.Module):
    def __init__(self):
        super().__init__()
        p, e = AUDIO["patch"], AUDIO["embed"]
        self.proj = nn.Conv2d(1, e, p, stride=p)
        self.norm = nn.LayerNorm(e)

    def forward(self, image):
        return self.norm(self.proj(image).flatten(2).transpose(1, 2))


def mel_to_image(x, spec, ratio):
    """(B, C, 1001, 64) -> (B, C, 256, 256): time stretched to 1024 (bicubic, align_corners) and cut into `ratio`
    blocks stacked along frequency."""
    x = F.interpolate(x, size=(spec * ratio, x.shape[3]), mode="bicubic", align_corners=True)
    b, c, t, f = x.shape
    x = x.reshape(b, c * ratio, t // ratio, f).permute(0, 1, 3, 2).contiguous()
    return x.reshape(b, c, f * ratio, t // ratio)


class HtsatEncoder(nn.Module):
    """`audio_model.audio_encoder`: mel BatchNorm, mel -> image, patches, four Swin stages, LayerNorm, mean."""

    def __init__(self):
        super().__init__()
        e, depths = AUDIO["embed"], AUDIO["depths"]
        grid = AUDIO["spec_size"] // AUDIO["patch"]
        self.patch_embed = PatchEmbed()
        self.layers = nn.ModuleList(
            SwinStage(e << i, depths[i], AUDIO["heads"][i], grid >> i, downsample=i < len(depths) - 1)
            for i in range(len(depths)))
        self.batch_norm = nn.BatchNorm2d(AUDIO["mel_bins"])
        self.norm = nn.LayerNorm(e << (len(depths) - 1))

    def forward(self, features):
        # BatchNorm over mel bins: mel on the channel axis and back.
        x = self.batch_norm(features.transpose(1, 3)).transpose(1, 3)
        x = mel_to_image(x, AUDIO["spec_size"], AUDIO["spec_size"] // AUDIO["mel_bins"])
        hidden = self.patch_embed(x)
        h = w = AUDIO["spec_size"] // AUDIO["patch"]
        for stage in self.layers:
            hidden, h, w = stage(hidden, h, w)
        # The C# port also regroups the last state into HF's (B, C, 2, 32) layout: a 0.4 M-float copy, left out.
        return self.norm(hidden).mean(1)


class ClapAudioModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.audio_encoder = HtsatEncoder()

    def forward(self, features):
        return self.audio_encoder(features)


# ---------------------------------------------------------------------------------------------- RoBERTa (text)
class RobertaEmbeddings(nn.Module):
    """word + position + token type, LayerNorm, dropout; positions count real tokens from pad+1."""

    def __init__(self):
        super().__init__()
        t = TEXT
        self.word_embeddings = nn.Embedding(t["vocab"], t["hidden"], padding_idx=t["pad"])
        self.position_embeddings = nn.Embedding(t["max_positions"], t["hidden"], padding_idx=t["pad"])
        self.token_type_embeddings = nn.Embedding(t["type_vocab"], t["hidden"])
        self.LayerNorm = nn.LayerNorm(t["hidden"], eps=t["eps"])
        self.dropout = nn.Dropout(t["dropout"])
        # Checkpoint keys (int64), so persistent buffers as in the C# port.
        self.register_buffer("position_ids", torch.arange(t["max_positions"]).unsqueeze(0))
        self.register_buffer("token_type_ids", torch.zeros(1, t["max_positions"], dtype=torch.long))

    def forward(self, ids):
        pad = TEXT["pad"]
        real = ids.ne(pad).long()
        positions = torch.cumsum(real, 1) * real + pad
        types = self.token_type_ids[:, :ids.shape[1]].expand(ids.shape[0], -1)
        e = self.word_embeddings(ids) + self.token_type_embeddings(types) + self.position_embeddings(positions)
        return self.dropout(self.LayerNorm(e))


class RobertaSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        d = TEXT["hidden"]
        self.heads = TEXT["heads"]
        self.query, self.key, self.value = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.dropout = nn.Dropout(TEXT["dropout"])

    def forward(self, x, additive_mask):
        b, n, c = x.shape
        head_dim = c // self.heads

        def split(t):
            return t.view(b, n, self.heads, head_dim).transpose(1, 2)

        scores = split(self.query(x)).matmul(split(self.key(x)).transpose(-1, -2)) / math.sqrt(head_dim)
        probs = self.dropout(F.softmax(scores + additive_mask, -1))
        return probs.matmul(split(self.value(x))).transpose(1, 2).reshape(b, n, c)


class RobertaResidualOutput(nn.Module):
    """Post-LN residual block: LayerNorm(dropout(dense(x)) + residual)."""

    def __init__(self, n_in):
        super().__init__()
        self.dense = nn.Linear(n_in, TEXT["hidden"])
        self.LayerNorm = nn.LayerNorm(TEXT["hidden"], eps=TEXT["eps"])
        self.dropout = nn.Dropout(TEXT["dropout"])

    def forward(self, x, residual):
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class RobertaAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.self = RobertaSelfAttention()
        self.output = RobertaResidualOutput(TEXT["hidden"])

    def forward(self, x, mask):
        return self.output(self.self(x, mask), x)


class RobertaLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = RobertaAttention()
        self.intermediate = Dense(TEXT["hidden"], TEXT["intermediate"])
        self.output = RobertaResidualOutput(TEXT["intermediate"])

    def forward(self, x, mask):
        a = self.attention(x, mask)
        return self.output(F.gelu(self.intermediate(a)), a)


class RobertaEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList(RobertaLayer() for _ in range(TEXT["layers"]))

    def forward(self, x, mask):
        for layer in self.layer:
            x = layer(x, mask)
        return x


class RobertaPooler(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(TEXT["hidden"], TEXT["hidden"])

    def forward(self, hidden):
        return torch.tanh(self.dense(hidden[:, 0]))


class ClapTextModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = RobertaEmbeddings()
        self.encoder = RobertaEncoder()
        self.pooler = RobertaPooler()

    def forward(self, ids, attention_mask):
        x = self.embeddings(ids)
        # HF's extended mask: (1 - mask) * finfo.min, broadcast over heads and queries.
        additive = (1.0 - attention_mask.to(x.dtype)) * torch.finfo(x.dtype).min
        return self.pooler(self.encoder(x, additive[:, None, None, :]))


# ---------------------------------------------------------------------------------------------- CLAP + loss
class ClapModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.text_model = ClapTextModel()
        self.text_projection = Projection(TEXT["hidden"], PROJECTION_DIM)
        self.audio_model = ClapAudioModel()
        audio_hidden = AUDIO["embed"] << (len(AUDIO["depths"]) - 1)
        self.audio_projection = Projection(audio_hidden, PROJECTION_DIM)
        self.logit_scale_a = nn.Parameter(torch.tensor(math.log(LOGIT_SCALE_INIT)))
        self.logit_scale_t = nn.Parameter(torch.tensor(math.log(LOGIT_SCALE_INIT)))

    def encode_audio(self, features):
        return F.normalize(self.audio_projection(self.audio_model(features)), dim=-1)

    def encode_text(self, ids, attention_mask):
        return F.normalize(self.text_projection(self.text_model(ids, attention_mask)), dim=-1)


def human_clap_loss(audio, text, scores, logit_scale, lambdas=(0.1, 1.0, 1.0)):
    """HumanClapLoss.PaperDefault: 0.1 * weighted SCE + MSE + MAE of the pair cosines against the scores, with the
    temperature exp(logit_scale_a) clamped at 100 as LAION does."""
    logits = audio.matmul(text.t()) * logit_scale.exp().clamp(max=100.0)
    per_pair = F.log_softmax(logits, 1).diagonal() + F.log_softmax(logits, 0).diagonal()
    wsce = (per_pair * scores).sum() / (-2.0 * logits.shape[0])
    cosine = F.cosine_similarity(audio, text, 1)
    mse = (cosine - scores).pow(2).mean()
    mae = (cosine - scores).abs().mean()
    return lambdas[0] * wsce + lambdas[1] * mse + lambdas[2] * mae


# ---------------------------------------------------------------------------------------------- layout check
def check_layout(model, layout_path):
    """The state dict must equal the full-size checkpoint layout key for key (shape and dtype); returns the
    parameter count, which must equal the layout's float32 tensors less the BatchNorm running statistics."""
    with open(layout_path) as f:
        layout = json.load(f)
    ours = {k: (list(v.shape), str(v.dtype).replace("torch.", "")) for k, v in model.state_dict().items()}
    theirs = {k: (v["shape"], v["dtype"]) for k, v in layout.items()}
    if ours != theirs:
        missing, extra = sorted(theirs.keys() - ours.keys()), sorted(ours.keys() - theirs.keys())
        wrong = sorted(k for k in ours.keys() & theirs.keys() if ours[k] != theirs[k])
        sys.exit(f"{layout_path}: state dict differs; missing {missing[:5]}, extra {extra[:5]}, wrong {wrong[:5]}")
    expected = sum(math.prod(s) for k, (s, d) in theirs.items() if d == "float32" and ".running_" not in k)
    count = sum(p.numel() for p in model.parameters())
    if count != expected:
        sys.exit(f"parameter count {count} differs from the layout's {expected}")
    return count


# ---------------------------------------------------------------------------------------------- the batch
def captions(count):
    """FullSizeSetup.Captions: distinct AudioCaps-like captions, each a rotation of one sentence."""
    words = ("a dog barks while cars pass by on a wet road and people talk in the distance then a bell rings twice "
             "near an old church").split(" ")
    return [" ".join((words[i % len(words):] + words)[:8 + i % 10]) + f" take {i}" for i in range(count)]


class ByteBpe:
    """RoBERTa's byte-level BPE, enough for ASCII text: the bench tokenizes with the tiny fixture vocabulary
    (tests/fixtures/clap-parity/tokenizer), which cuts words into many pieces, so the caption lengths are computed
    here exactly rather than guessed."""

    SPLIT = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+")

    def __init__(self, folder):
        with open(os.path.join(folder, "vocab.json"), encoding="utf-8") as f:
            self.vocab = json.load(f)
        with open(os.path.join(folder, "merges.txt"), encoding="utf-8") as f:
            pairs = [tuple(line.split()) for line in f if line.strip() and not line.startswith("#version")]
        self.ranks = {pair: rank for rank, pair in enumerate(pairs)}
        self.bytes_to_chars = self._byte_alphabet()

    @staticmethod
    def _byte_alphabet():
        # GPT-2 shows every byte as a printable character: printable Latin-1 bytes as themselves, the others as
        # code points from 256 upwards in byte order.
        printable = set(range(33, 127)) | set(range(161, 173)) | set(range(174, 256))
        table, extra = {}, 0
        for b in range(256):
            if b in printable:
                table[b] = chr(b)
            else:
                table[b], extra = chr(256 + extra), extra + 1
        return table

    def _merge(self, symbols):
        while len(symbols) > 1:
            ranked = [(self.ranks.get(pair, math.inf), i) for i, pair in enumerate(zip(symbols, symbols[1:]))]
            rank, at = min(ranked)
            if rank == math.inf:
                break
            first, second = symbols[at], symbols[at + 1]
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == first and symbols[i + 1] == second:
                    merged.append(first + second)
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        return symbols

    def encode(self, text):
        if not text.isascii():
            raise ValueError(f"ByteBpe handles ASCII only: {text!r}")
        ids = [TEXT["bos"]]
        for piece in self.SPLIT.findall(text):
            chars = [self.bytes_to_chars[b] for b in piece.encode("utf-8")]
            ids += [self.vocab[s] for s in self._merge(chars)]
        return ids + [TEXT["eos"]]


def check_tokenizer(bpe, folder):
    """The fixture's reference ids for its ASCII texts must come out exactly."""
    with open(os.path.join(folder, "expected_ids.json"), encoding="utf-8") as f:
        expected = json.load(f)
    checked = [t for t in expected if t.isascii()]
    for text in checked:
        if bpe.encode(text) != expected[text]:
            sys.exit(f"ByteBpe disagrees with {folder}/expected_ids.json on {text!r}")
    return len(checked)


def token_batch(bpe, texts):
    """Padded to the longest caption (TextPadding.Longest), pad id 1, mask 0 on padding."""
    rows = [bpe.encode(t) for t in texts]
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), TEXT["pad"], dtype=torch.long)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, :len(row)] = torch.tensor(row)
        mask[i, :len(row)] = 1
    return ids, mask


def random_features(batch, generator):
    """Stand-in for the extractor's log-mel of noise clips: (B, 1, 1001, 64) float32 around -50 dB. The values do
    not change the work (no data-dependent branch; is_longer is all False and unread by the unfused model)."""
    return torch.randn(batch, 1, FRAMES, AUDIO["mel_bins"], generator=generator) * 10 - 50


# ---------------------------------------------------------------------------------------------- measurements
def sgemm_gflops(n=2048, repeats=5):
    """This process's float32 matrix-multiply rate (2n³ FLOP), median of `repeats` after a warm-up, as the C#
    bench's FullSizeSetup.MeasureSgemm, so the step times can be set against each process's BLAS."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    a.mm(b)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a.mm(b)
        times.append(time.perf_counter() - start)
    return 2.0 * n ** 3 / statistics.median(times) / 1e9


def reset_peak_memory():
    """As the C# PeakMemory.Reset: give freed heap back (malloc_trim) and reset the high-water mark
    (clear_refs 5), so the peak is that of the measured steps; getrusage's ru_maxrss then follows the new mark."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # no glibc or no clear_refs: the peak is the process's lifetime one


def peak_rss_gib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024.0 * 1024)  # KiB on Linux


def train_steps(model, batch, repeats):
    """TrainStepBenchmark.Measure with torch's AdamW: repeats + 1 steps, the first a warm-up (moments allocated);
    medians of the rest. A step's time includes its update; the update is also timed alone."""
    features, ids, mask, scores = batch
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5, betas=(0.9, 0.999), weight_decay=0.01)
    reset_peak_memory()
    steps, updates, first = [], [], None
    for i in range(repeats + 1):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=False)  # in place, as TorchSharp's zero_grad and LeanAdamW.ZeroGrad
        audio = model.encode_audio(features)
        text = model.encode_text(ids, mask)
        loss = human_clap_loss(audio, text, scores, model.logit_scale_a)
        loss.backward()
        update_start = time.perf_counter()
        optimizer.step()
        if i == 0:
            first = (tuple(audio.shape), tuple(text.shape), loss.item())
            continue
        updates.append(time.perf_counter() - update_start)
        steps.append(time.perf_counter() - start)
    return statistics.median(steps), statistics.median(updates), peak_rss_gib(), first


def check_first_step(first, batch):
    audio_shape, text_shape, loss = first
    want = (batch, PROJECTION_DIM)
    if audio_shape != want or text_shape != want or not math.isfinite(loss):
        sys.exit(f"first step: audio {audio_shape}, text {text_shape}, loss {loss}; expected {want} and finite")


def write_json_atomic(path, data):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeats", type=int, default=5, help="measured steps after the warm-up (median reported)")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2, help="torch intra-op threads (the C# bench's machine: 2)")
    p.add_argument("--layout", default=os.path.join(FIXTURES, "keys_full_unfused.json"))
    p.add_argument("--tokenizer", default=os.path.join(FIXTURES, "tokenizer"), help="vocab.json + merges.txt")
    p.add_argument("--out", help="also write the figures to this JSON file")
    args = p.parse_args()
    if args.repeats < 1 or args.batch < 2:
        p.error("--repeats must be >= 1 and --batch >= 2")
    return args


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = ClapModel()
    model.train()  # dropout on, BatchNorm on batch statistics: the fine-tuning step
    params = check_layout(model, args.layout)
    print(f"parameters {params:,} (state dict equals {os.path.basename(args.layout)}, {len(model.state_dict())} "
          f"tensors)")
    bpe = ByteBpe(args.tokenizer)
    print(f"tokenizer: {check_tokenizer(bpe, args.tokenizer)} fixture texts re-encoded exactly")

    gen = torch.Generator().manual_seed(args.seed)
    ids, mask = token_batch(bpe, captions(args.batch))
    batch = (random_features(args.batch, gen), ids, mask, torch.rand(args.batch, generator=gen))
    print(f"batch {args.batch}: features {tuple(batch[0].shape)}, captions padded to {ids.shape[1]} tokens")

    gflops = sgemm_gflops()
    print(f"SGEMM 2048: {gflops:.1f} GFLOP/s")
    step, update, peak, first = train_steps(model, batch, args.repeats)
    check_first_step(first, args.batch)
    print(f"first step: embeddings {first[0]} and {first[1]}, loss {first[2]:.4f}")
    print(f"pytorch {torch.__version__} threads {args.threads}: {step:.2f} s/step (update {update:.2f} s), peak "
          f"{peak:.2f} GiB, SGEMM {gflops:.1f} GFLOP/s, median of {args.repeats}")
    if args.out:
        write_json_atomic(args.out, dict(
            torch=torch.__version__, threads=args.threads, batch=args.batch, repeats=args.repeats,
            text_tokens=ids.shape[1], parameters=params, sgemm_gflops=gflops, step_seconds=step,
            update_seconds=update, peak_gib=peak, first_loss=first[2]))


if __name__ == "__main__":
    main()

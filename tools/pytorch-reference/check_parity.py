#!/usr/bin/python3
"""Checks that clap_step.py's model computes the reference function: the same code, resized to the tiny_unfused
fixture's config, loads its model.safetensors and must reproduce its audio and text embeddings (eval mode) to
1e-4, the tolerance the C# port meets. Seconds on a CPU; run after changing the model."""
import json
import os
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the sources in the repo
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clap_step  # noqa: E402  (the path is set just above)

FOLDER = os.path.join(clap_step.FIXTURES, "tiny_unfused")
DTYPES = {"F32": np.float32, "I64": np.int64}


def read_safetensors(path):
    """safetensors: an 8-byte little-endian header length, a JSON header of dtype/shape/offsets, the raw data."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(data[start:end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def resize_to(config):
    """Points clap_step's config dictionaries at the fixture's (they are read at construction and in forward)."""
    a, t = config["audio_config"], config["text_config"]
    clap_step.AUDIO.update(spec_size=a["spec_size"], mel_bins=a["num_mel_bins"], patch=a["patch_size"],
                           embed=a["patch_embeds_hidden_size"], depths=tuple(a["depths"]),
                           heads=tuple(a["num_attention_heads"]), window=a["window_size"], mlp_ratio=a["mlp_ratio"],
                           eps=a["layer_norm_eps"])
    clap_step.TEXT.update(vocab=t["vocab_size"], hidden=t["hidden_size"], layers=t["num_hidden_layers"],
                          heads=t["num_attention_heads"], intermediate=t["intermediate_size"],
                          max_positions=t["max_position_embeddings"], type_vocab=t["type_vocab_size"],
                          eps=t["layer_norm_eps"], pad=t["pad_token_id"])
    clap_step.PROJECTION_DIM = config["projection_dim"]


def main():
    with open(os.path.join(FOLDER, "config.json")) as f:
        resize_to(json.load(f))
    model = clap_step.ClapModel()
    model.load_state_dict(read_safetensors(os.path.join(FOLDER, "model.safetensors")), strict=True)
    model.eval()
    expected = read_safetensors(os.path.join(FOLDER, "expected.safetensors"))
    with torch.no_grad():
        audio = model.encode_audio(expected["input_features"])
        text = model.encode_text(expected["input_ids"], expected["attention_mask"])
    worst = 0.0
    for name, ours in (("audio_embeds", audio), ("text_embeds", text)):
        diff = (ours - expected[name]).abs().max().item()
        worst = max(worst, diff)
        print(f"{name} {tuple(ours.shape)}: max |diff| {diff:.2e}")
    if worst > 1e-4:
        sys.exit(f"parity FAILED: {worst:.2e} > 1e-4")
    print("parity ok")


if __name__ == "__main__":
    main()

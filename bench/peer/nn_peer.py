"""PyTorch twin of dev.curvature.nn.bench.NnBench (see bench/nn-vs-torch.sh).

Same models, batch, initialization scale and optimizer (AdamW lr 1e-3, wd 0.01), float32, CPU.
A step is forward, backward and the optimizer update. Prints `MODEL median_ms min_ms max_ms`.
Usage: python3 nn_peer.py transformer|mlp WARMUP STEPS THREADS
"""
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(d)
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)
        self.ln_2 = nn.LayerNorm(d)
        self.c_fc = nn.Linear(d, 4 * d)
        self.mlp_proj = nn.Linear(4 * d, d)

    def forward(self, x, mask):
        b, t, d = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(d, dim=2)
        q = q.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        k = k.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        v = v.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(mask[:, :, :t, :t] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, d)
        x = x + self.c_proj(y)
        x = x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))
        return x


class CharTransformer(nn.Module):
    """nanoGPT's model without dropout and without weight tying (as the Java model)."""

    def __init__(self, vocab, context, layers, d, heads):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(context, d)
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)
        self.register_buffer("mask", torch.tril(torch.ones(context, context)).view(1, 1, context, context))
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif "ln" in name:
                nn.init.ones_(p)
            else:
                std = 0.02 / math.sqrt(2 * layers) if name.endswith("proj.weight") else 0.02
                nn.init.normal_(p, 0.0, std)

    def forward(self, idx, targets):
        b, t = idx.shape
        x = self.wte(idx) + self.wpe(torch.arange(t))
        for blk in self.blocks:
            x = blk(x, self.mask)
        logits = self.head(self.ln_f(x))
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "transformer"
    warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    if which == "transformer":
        model = CharTransformer(83, 64, 4, 128, 4)
        batch = 32

        def data():
            return torch.randint(0, 83, (batch, 64)), torch.randint(0, 83, (batch, 64))
    else:
        model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        batch = 128
        images = labels = None
        root = os.environ.get("CURVATURE_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "data"))
        path = os.path.join(root, "mnist", "train-images-idx3-ubyte")
        if os.path.exists(path):
            with open(path, "rb") as f:
                raw = f.read()
            images = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).view(-1, 784).float() / 255
            with open(os.path.join(root, "mnist", "train-labels-idx1-ubyte"), "rb") as f:
                labels = torch.frombuffer(bytearray(f.read()[8:]), dtype=torch.uint8).long()

        def data():
            if images is None:
                return torch.rand(batch, 784), torch.randint(0, 10, (batch,))
            s = int(torch.randint(0, images.shape[0] - batch, (1,)))
            return images[s:s + batch], labels[s:s + batch]

        inner = model
        model = lambda x, y: F.cross_entropy(inner(x), y)  # noqa: E731
        model.parameters = inner.parameters
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    times = []
    for s in range(warmup + steps):
        x, y = data()
        t0 = time.perf_counter()
        loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        t1 = time.perf_counter()
        if s >= warmup:
            times.append((t1 - t0) * 1e3)
    times.sort()
    print(f"{which} {times[len(times) // 2]:.3f} {times[0]:.3f} {times[-1]:.3f} torch threads={torch.get_num_threads()}"
          f" version={torch.__version__}")


if __name__ == "__main__":
    main()

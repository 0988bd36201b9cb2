"""JAX peer for Fovea's `resnet-small` (same layers, batch, optimizer and timing as NNBenchmark).

  /tmp/fovea-peers/bin/python Benchmarks/NN/resnet_peer.py --threads 1

Architecture (NCHW, 32x32x3 input): conv 3x3 16 (no bias) + BatchNorm + ReLU; three basic residual blocks
(16 stride 1 identity; 32 stride 2 and 64 stride 2 with a 1x1 conv + BatchNorm projection); global average
pool; dense 10. BatchNorm uses batch statistics (training mode). SGD momentum 0.9, lr 0.05, batch 64 of seeded
random data; 2 warm-up steps, then 20 timed steps; inference: 20 forward passes in inference mode.
"""
import argparse, json, os, time
import numpy as np

ap = argparse.ArgumentParser(); ap.add_argument("--threads", type=int, default=1); a = ap.parse_args()
os.environ["XLA_FLAGS"] = f"--xla_cpu_multi_thread_eigen={'true' if a.threads > 1 else 'false'} intra_op_parallelism_threads={a.threads}"
import jax, jax.numpy as jnp, optax

def he(k, shape, fan_in): return jax.random.normal(k, shape) * np.sqrt(2.0 / fan_in)
keys = iter(jax.random.split(jax.random.PRNGKey(0), 64))
def conv_p(cin, cout, k): return he(next(keys), (cout, cin, k, k), cin * k * k)
def bn_p(c): return {"g": jnp.ones(c), "b": jnp.zeros(c)}
def block_p(cin, cout, stride):
    p = {"c1": conv_p(cin, cout, 3), "b1": bn_p(cout), "c2": conv_p(cout, cout, 3), "b2": bn_p(cout)}
    if stride != 1 or cin != cout: p["pc"] = conv_p(cin, cout, 1); p["pb"] = bn_p(cout)
    return p
params = {"stem": conv_p(3, 16, 3), "sb": bn_p(16), "r1": block_p(16, 16, 1), "r2": block_p(16, 32, 2), "r3": block_p(32, 64, 2),
          "fw": he(next(keys), (64, 10), 64), "fb": jnp.zeros(10)}
strides = {"r1": 1, "r2": 2, "r3": 2}

def conv(x, w, stride, pad):
    return jax.lax.conv_general_dilated(x, w, (stride, stride), [(pad, pad), (pad, pad)], dimension_numbers=("NCHW", "OIHW", "NCHW"))
def bn(x, p, train):
    mean = x.mean(axis=(0, 2, 3), keepdims=True); var = x.var(axis=(0, 2, 3), keepdims=True)
    if not train: mean, var = jnp.zeros_like(mean), jnp.ones_like(var)  # running statistics stand-in
    return (x - mean) / jnp.sqrt(var + 1e-5) * p["g"][None, :, None, None] + p["b"][None, :, None, None]
def block(x, p, stride, train):
    y = jax.nn.relu(bn(conv(x, p["c1"], stride, 1), p["b1"], train)); y = bn(conv(y, p["c2"], 1, 1), p["b2"], train)
    s = bn(conv(x, p["pc"], stride, 0), p["pb"], train) if "pc" in p else x
    return jax.nn.relu(y + s)
def fwd(p, x, train=True):
    x = jax.nn.relu(bn(conv(x, p["stem"], 1, 1), p["sb"], train))
    for name in ("r1", "r2", "r3"): x = block(x, p[name], strides[name], train)
    return x.mean(axis=(2, 3)) @ p["fw"] + p["fb"]
loss = lambda p, x, y: optax.softmax_cross_entropy_with_integer_labels(fwd(p, x), y).mean()
opt = optax.sgd(0.05, momentum=0.9); st = opt.init(params)
@jax.jit
def step(p, s, x, y):
    l, g = jax.value_and_grad(loss)(p, x, y); u, s = opt.update(g, s, p); return optax.apply_updates(p, u), s, l
infer = jax.jit(lambda p, x: fwd(p, x, False))
B = 64; x = np.random.default_rng(1).random((B, 3, 32, 32), dtype=np.float32); y = np.arange(B, dtype=np.int32) % 10
for _ in range(2): params, st, l = step(params, st, x, y)
l.block_until_ready(); t = time.perf_counter()
for _ in range(20): params, st, l = step(params, st, x, y)
l.block_until_ready(); train = 20 * B / (time.perf_counter() - t)
infer(params, x).block_until_ready(); t = time.perf_counter()
for _ in range(20): o = infer(params, x)
o.block_until_ready(); inference = 20 * B / (time.perf_counter() - t)
for op, value in (("resnet-small-train-b64-sgdm", train), ("resnet-small-infer-b64", inference)):
    print(json.dumps({"area": "cnn", "tool": f"jax-{jax.__version__}", "op": op, "threads": a.threads, "value": round(value), "unit": "samples/s"}), flush=True)

#!/usr/bin/env python3
"""Runs a Fovea-exported model in onnxruntime and compares it with Fovea's own outputs.

    check_onnx.py onnx MODEL.onnx INPUTS.npy LOGITS.npy [--tolerance 1e-4]
        Runs MODEL.onnx on INPUTS (N x C x H x W float32 in [0, 1]) with onnxruntime's CPU provider and
        requires, against LOGITS (N x classes, written by Fovea's inference pass): the same shape, every logit
        within TOLERANCE (absolute), and the same argmax on every sample. When the `onnx` package is
        importable, the file also has to pass onnx.checker (full check, shape inference included).
        Prints one JSON object: samples, max_abs_difference, argmax (list), opset, initializers (names).
        Exits 1, saying which samples and by how much, when any requirement fails.

    check_onnx.py npz FILE.npz
        Loads FILE.npz with numpy.load (no pickles) and prints {name: {"dtype", "shape", "values"}} as JSON,
        so the caller can compare every array with its own tensors.

Needs numpy and onnxruntime only (pip install onnxruntime numpy). The Swift tests in this directory call it
through $FOVEA_PYTHON.
"""
import argparse
import json
import sys

import numpy as np


def check_onnx(args):
    import onnxruntime as ort

    opset = None
    initializers = []
    try:
        import onnx
    except ImportError:
        onnx = None
    if onnx is not None:
        model = onnx.load(args.model)
        onnx.checker.check_model(model, full_check=True)
        opset = max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
        initializers = [t.name for t in model.graph.initializer]

    inputs = np.load(args.inputs)
    expected = np.load(args.logits)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
    (input_meta,) = session.get_inputs()
    outputs = session.run(None, {input_meta.name: inputs.astype(np.float32)})
    logits = outputs[0]
    problems = []
    if logits.shape != expected.shape:
        problems.append(f"onnxruntime gave shape {logits.shape}, Fovea {expected.shape}")
        difference = float("inf")
        argmax = []
    else:
        delta = np.abs(logits.astype(np.float64) - expected.astype(np.float64))
        difference = float(delta.max()) if delta.size else 0.0
        if not np.isfinite(logits).all():
            problems.append("onnxruntime produced non-finite logits")
        if difference > args.tolerance:
            worst = np.unravel_index(int(np.argmax(delta)), delta.shape)
            problems.append(
                f"max |logit difference| {difference:.3g} > {args.tolerance:g} "
                f"(sample {worst[0]}, class {worst[1]}: onnxruntime {logits[worst]:.7g}, Fovea {expected[worst]:.7g})")
        argmax = logits.argmax(axis=1).tolist()
        fovea_argmax = expected.argmax(axis=1).tolist()
        differing = [i for i, (a, b) in enumerate(zip(argmax, fovea_argmax)) if a != b]
        if differing:
            problems.append(f"argmax differs on samples {differing[:20]} of {len(argmax)}")
    print(json.dumps({
        "samples": int(inputs.shape[0]), "max_abs_difference": difference, "argmax": argmax,
        "opset": opset, "initializers": initializers, "input": input_meta.name,
        "input_shape": [d if isinstance(d, int) else str(d) for d in input_meta.shape],
        "output": session.get_outputs()[0].name,
    }))
    for problem in problems:
        print(f"check_onnx: {args.model}: {problem}", file=sys.stderr)
    return 1 if problems else 0


def dump_npz(args):
    with np.load(args.archive, allow_pickle=False) as archive:
        result = {
            name: {"dtype": str(archive[name].dtype), "shape": list(archive[name].shape),
                   "values": archive[name].astype(np.float64).ravel().tolist()}
            for name in archive.files
        }
    print(json.dumps(result))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("onnx", help="run an ONNX file and compare with Fovea's logits")
    run.add_argument("model")
    run.add_argument("inputs")
    run.add_argument("logits")
    run.add_argument("--tolerance", type=float, default=1e-4)
    run.set_defaults(action=check_onnx)
    npz = commands.add_parser("npz", help="print an .npz archive's arrays as JSON")
    npz.add_argument("archive")
    npz.set_defaults(action=dump_npz)
    args = parser.parse_args()
    return args.action(args)


if __name__ == "__main__":
    sys.exit(main())

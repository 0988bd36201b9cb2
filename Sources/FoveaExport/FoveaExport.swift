// FoveaExport — a trained model as files other tools read: ONNX (for onnxruntime and every runtime that takes
// ONNX) and NumPy's .npz (the weights by layer name, for users who continue in Python).
//
// Design notes (what was chosen, and what was rejected):
// - The graph is built from the model's `LayerSpec`s, the same value description checkpoints store, and the
//   tensors are looked up by their Fovea names (`conv1.weight`, `res2.main.bn1.runningMean`), which become
//   the ONNX initializer names. Every tensor must be used exactly once and have the shape the spec implies;
//   otherwise export fails with `ExportError` instead of writing a graph that computes something else.
// - Inference form: Dropout is left out (it is the identity in inference) and BatchNorm becomes ONNX
//   `BatchNormalization` over the running statistics, keeping its four tensors under their own names.
//   Rejected: folding BatchNorm into the preceding convolution (it would erase the names a user looks for
//   and gains nothing that onnxruntime's own graph optimiser does not already do).
// - Input standardisation, when the model was trained with `--normalize`, is the graph's first two nodes
//   (`Sub` by the mean, `Mul` by 1/std computed in Float as the loader does), so the exported model takes
//   N×C×H×W float32 samples in [0, 1] exactly like `fovea eval` after decoding.
// - Protobuf messages come from swift-protobuf's generated code for onnx.proto (ONNX/, with the script that
//   generated it); nothing here encodes protobuf by hand. The .npz is a real zip written by zlib's minizip
//   into memory (entries stored like `numpy.savez`, a fixed timestamp so the same model always gives the same
//   bytes) of `.npy` files from FoveaCodecs' NPY encoder, then written through `AtomicFile`. Rejected:
//   ZIPFoundation, whose zlib module is also called `CZlib` and cannot be imported beside Fovea's.
// - Opset 13 (IR version 7): the oldest opset the task asks for, so the widest range of runtimes reads it.

// FoveaNN — Convolutional networks on the CPU: tensors (NCHW Float32), layers with forward and backward, losses, optimizers, checkpoints.
@_exported import FoveaCore

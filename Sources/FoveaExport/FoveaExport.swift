// FoveaExport — a trained model as files other tools read: ONNX (for onnxruntime and every runtime that takes
// ONNX) and NumPy's .npz (the weights by layer name, for users who continue in Python).
//
// Design notes (the options rejected, and why): FoveaExport.docc/FoveaExport.md.

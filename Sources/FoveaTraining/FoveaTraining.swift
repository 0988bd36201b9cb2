// FoveaTraining — one training run: the loop over a `DataLoader`'s batches, the session behind `fovea train`
// (schedule, atomic last/best checkpoints carrying a `TrainingState`, resume), the report (metrics CSV and
// curves) and `TrainedModel` for eval and predict.
//
// Design notes (the options rejected, and why): FoveaTraining.docc/FoveaTraining.md.
@_exported import FoveaData
@_exported import FoveaPlot

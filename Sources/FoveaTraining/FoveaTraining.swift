// FoveaTraining — one training run: the loop over a `DataLoader`'s batches, the session behind `fovea train`
// (schedule, atomic last/best checkpoints carrying a `TrainingState`, resume), the report (metrics CSV and
// curves) and `TrainedModel` for eval and predict.
//
// Design notes (what was chosen, and what was rejected):
// - Resume = restart at an epoch boundary from the last checkpoint. Everything that decides the rest of the
//   run (options, history, schedule state, trainer step, normalisation) is in the checkpoint's metadata as
//   sorted-key JSON; timings are kept out of it, so an interrupted-and-resumed run writes the same bytes.
//   Rejected: mid-epoch resume (it would need the loader's position and gains at most one epoch).
// - The run depends on FoveaData (batches) and FoveaNN (the network) and draws its curves with FoveaPlot;
//   nothing in FoveaData or FoveaNN knows a run exists.
@_exported import FoveaData
@_exported import FoveaPlot

import Foundation
import FoveaCore

/// Text and pictures that describe a training run: progress lines, the metrics CSV and the curves plot.
/// Everything here returns values; the command-line tool decides where they go.
public enum TrainingReport {
    /// Header of the metrics CSV: one row per epoch follows (see ``metricsRow(_:_:)``).
    public static let metricsHeader =
        "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds,data_wait_seconds"

    /// One metrics CSV row. Losses and accuracies are printed with 6 decimals (accuracies as fractions in
    /// [0, 1]); a missing validation value or timing is an empty field.
    public static func metricsRow(_ record: EpochRecord, _ timing: EpochTiming?) -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        return [
            String(record.epoch), number(record.trainLoss), number(record.trainAccuracy),
            number(record.validationLoss), number(record.validationAccuracy), String(format: "%g", record.learningRate),
            timing.map { String(format: "%.3f", $0.seconds) } ?? "",
            timing.map { String(format: "%.3f", $0.dataWaitSeconds) } ?? "",
        ].joined(separator: ",")
    }

    /// The metrics CSV to continue from when resuming after `history`: the header and, for each recorded
    /// epoch, the row already in `existing` (a previous CSV, keeping its timings) when it has one, or a row
    /// rebuilt from the record without timings. Rows of epochs after the checkpoint are dropped.
    public static func resumedMetrics(existing: String?, history: [EpochRecord]) -> String {
        var previous: [Int: String] = [:]
        for line in (existing ?? "").split(separator: "\n").dropFirst() {
            if let epoch = Int(line.prefix(while: { $0 != "," })) { previous[epoch] = String(line) }
        }
        let rows = history.map { previous[$0.epoch] ?? metricsRow($0, nil) }
        return ([metricsHeader] + rows).map { $0 + "\n" }.joined()
    }

    /// A one-line progress bar for a terminal, e.g.
    /// `epoch 3/12 [##########----------]  40/55  eta 0:07  loss 0.1234  acc 96.50%  1234 samples/s`.
    public static func progressBar(_ progress: BatchProgress, epochs: Int, barWidth: Int = 24) -> String {
        let filled = progress.batchCount > 0 ? barWidth * progress.batchesDone / progress.batchCount : barWidth
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled)
        let digits = String(progress.batchCount).count
        let done = String(progress.batchesDone).leftPadded(to: digits)
        return "epoch \(progress.epoch)/\(epochs) [\(bar)] \(done)/\(progress.batchCount)"
            + "  eta \(duration(progress.etaSeconds))"
            + String(
                format: "  loss %.4f  acc %.2f%%  %.0f samples/s",
                progress.runningLoss, progress.runningAccuracy * 100, progress.samplesPerSecond)
    }

    /// The plain line printed after each epoch when the output is not a terminal, e.g.
    /// `epoch 3/12  loss 0.1234  acc 96.50%  val_loss 0.0987  val_acc 97.10%  lr 0.01  12.3s (data wait 0.1s)`.
    public static func epochLine(_ record: EpochRecord, _ timing: EpochTiming, epochs: Int) -> String {
        var line =
            "epoch \(record.epoch)/\(epochs)"
            + String(format: "  loss %.4f  acc %.2f%%", record.trainLoss, record.trainAccuracy * 100)
        if let loss = record.validationLoss, let accuracy = record.validationAccuracy {
            line += String(format: "  val_loss %.4f  val_acc %.2f%%", loss, accuracy * 100)
        }
        line += String(
            format: "  lr %g  %.1fs (data wait %.2fs)", record.learningRate, timing.seconds, timing.dataWaitSeconds)
        return line
    }

    /// `seconds` as `m:ss` (or `h:mm:ss` from an hour).
    public static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded()))
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? "\(hours):\(String(minutes).leftPadded(to: 2, with: "0")):\(String(secs).leftPadded(to: 2, with: "0"))"
            : "\(minutes):\(String(secs).leftPadded(to: 2, with: "0"))"
    }

    /// Loss (left) and accuracy in percent (right) against the epoch, training and validation curves in each,
    /// as a 1100×420 RGB image.
    public static func curves(_ history: [EpochRecord]) -> Image<UInt8> {
        let epochs = history.map { Double($0.epoch) }
        let hasValidation = history.contains { $0.validationLoss != nil }
        var lossSeries = [LineChart.Series(name: "train", x: epochs, y: history.map(\.trainLoss), color: .blue)]
        var accuracySeries = [
            LineChart.Series(name: "train", x: epochs, y: history.map { $0.trainAccuracy * 100 }, color: .blue)
        ]
        if hasValidation {
            lossSeries.append(
                .init(
                    name: "validation", x: epochs, y: history.map { $0.validationLoss ?? .nan }, color: .orange))
            accuracySeries.append(
                .init(
                    name: "validation", x: epochs, y: history.map { ($0.validationAccuracy ?? .nan) * 100 },
                    color: .orange))
        }
        let accuracies = accuracySeries.flatMap(\.y).filter(\.isFinite)
        let low = max(0, ((min(accuracies.min() ?? 0, 100) - 1) / 10).rounded(.down) * 10)
        return LineChart.renderSideBySide(
            [
                LineChart(title: "Loss", xLabel: "epoch", yLabel: "cross-entropy loss", series: lossSeries),
                LineChart(
                    title: "Accuracy", xLabel: "epoch", yLabel: "accuracy (%)", series: accuracySeries,
                    yRange: low...100),
            ], width: 1100, height: 420)
    }
}

import Foundation

/// MixUp (Zhang et al. 2018) and CutMix (Yun et al. 2019) over a training batch, with timm's `Mixup` semantics
/// (batch mode, no label smoothing; torchvision's `v2.MixUp`/`v2.CutMix` draw the same λ).
///
/// Per batch, from its own stream `RandomStream(seed:, BatchMixing.streamDomain, epoch, batch)` (so a batch is
/// mixed the same way whatever the thread or worker count, and after a resume), in this order:
/// 1. with probability 1 − ``probability`` the batch is left as it is;
/// 2. with both α > 0, CutMix is chosen with probability ``switchProbability`` (0.5), MixUp otherwise; with one,
///    that one;
/// 3. λ ~ Beta(α, α) of the chosen method (`RandomStream.beta(_:_:)`).
///
/// Sample *i* of N is paired with sample N − 1 − *i* (timm's `flip(0)`; in an odd batch the middle sample pairs
/// with itself and stays as it is):
/// - MixUp: x′ᵢ = λ·xᵢ + (1 − λ)·x_{N−1−i};
/// - CutMix: a box of about (1 − λ) of the area is pasted from the partner, on every channel: with
///   r = √(1 − λ), cut = (⌊W·r⌋, ⌊H·r⌋), a centre (cx, cy) uniform over the pixels, x from cx − ⌊cut_w/2⌋ to
///   cx + ⌊cut_w/2⌋ and y likewise, clipped to the image (timm's `rand_bbox`); λ is then corrected to the kept
///   share, 1 − box area/(W·H);
/// - targets: t′ᵢ = λ·onehot(yᵢ) + (1 − λ)·onehot(y_{N−1−i}), trained with the soft-target cross-entropy
///   −Σⱼ t′ⱼ·log softmax(z)ⱼ (`Loss.softmaxCrossEntropy` with `Targets.values`).
///
/// Inputs are mixed after normalisation, as timm mixes the normalised tensors.
public struct BatchMixing: Sendable, Hashable, Codable {
    /// MixUp's Beta(α, α) parameter; 0 turns MixUp off.
    public var mixupAlpha: Double
    /// CutMix's Beta(α, α) parameter; 0 turns CutMix off.
    public var cutmixAlpha: Double
    /// The probability that a batch is mixed at all, in [0, 1] (timm's `mix_prob`).
    public var probability: Double

    /// The probability of CutMix rather than MixUp when both are on (timm's `switch_prob`).
    public static let switchProbability = 0.5
    /// The first coordinate of every mixing stream, keeping it apart from the loader's other streams.
    public static let streamDomain: UInt64 = 0x4D49_5843_5554  // "MIXCUT"

    /// Mixing with the given parameters (α ≥ 0, at least one above 0; `probability` in [0, 1]).
    public init(mixupAlpha: Double = 0, cutmixAlpha: Double = 0, probability: Double = 1) {
        precondition(mixupAlpha.isFinite && mixupAlpha >= 0, "the MixUp α must be finite and ≥ 0, not \(mixupAlpha)")
        precondition(
            cutmixAlpha.isFinite && cutmixAlpha >= 0, "the CutMix α must be finite and ≥ 0, not \(cutmixAlpha)")
        precondition((0...1).contains(probability), "the mixing probability must be in [0, 1], not \(probability)")
        self.mixupAlpha = mixupAlpha
        self.cutmixAlpha = cutmixAlpha
        self.probability = probability
    }

    /// What was drawn for one batch.
    public enum Draw: Sendable, Hashable {
        /// The batch stays as it is.
        case none
        /// MixUp with weight `lambda` on each sample's own input.
        case mixup(lambda: Double)
        /// CutMix pasting the partner's pixels in columns `x` and rows `y` (half-open, inside the image);
        /// `lambda` = 1 − box area/(W·H), the share each sample keeps.
        case cutmix(lambda: Double, x: Range<Int>, y: Range<Int>)

        /// The weight of each sample's own label in its target (1 for ``none``).
        public var lambda: Double {
            switch self {
            case .none: 1
            case .mixup(let lambda), .cutmix(let lambda, _, _): lambda
            }
        }
    }

    /// The stream batch `batch` of epoch `epoch` draws from.
    public static func stream(seed: UInt64, epoch: Int, batch: Int) -> RandomStream {
        RandomStream(seed: seed, streamDomain, UInt64(epoch), UInt64(batch))
    }

    /// Draws the mixing of one batch of `width × height` samples (see the type's steps).
    public func draw(width: Int, height: Int, using random: inout RandomStream) -> Draw {
        guard random.nextUnit() < probability, mixupAlpha > 0 || cutmixAlpha > 0 else { return .none }
        let useCutMix: Bool
        if mixupAlpha > 0 && cutmixAlpha > 0 {
            useCutMix = random.nextUnit() < Self.switchProbability
        } else {
            useCutMix = cutmixAlpha > 0
        }
        let alpha = useCutMix ? cutmixAlpha : mixupAlpha
        let lambda = random.beta(alpha, alpha)
        guard useCutMix else { return .mixup(lambda: lambda) }
        let ratio = (1 - lambda).squareRoot()
        let (cutWidth, cutHeight) = (Int(Double(width) * ratio), Int(Double(height) * ratio))
        let cy = Int(random.nextUnit() * Double(height))
        let cx = Int(random.nextUnit() * Double(width))
        let y = min(max(cy - cutHeight / 2, 0), height)..<min(max(cy + cutHeight / 2, 0), height)
        let x = min(max(cx - cutWidth / 2, 0), width)..<min(max(cx + cutWidth / 2, 0), width)
        let kept = 1 - Double(x.count * y.count) / Double(width * height)
        return .cutmix(lambda: kept, x: x, y: y)
    }

    /// `batch` mixed as batch `batch.index` of epoch `epoch` under `seed` draws it, with soft targets over
    /// `classes` classes (also when the draw is ``Draw/none``, so every batch of a mixing run has them).
    public func mixed(_ batch: Batch, classes: Int, seed: UInt64, epoch: Int) -> Batch {
        var random = Self.stream(seed: seed, epoch: epoch, batch: batch.index)
        return Self.apply(draw(width: batch.width, height: batch.height, using: &random), to: batch, classes: classes)
    }

    /// `batch` with `draw` applied (inputs and soft targets, see the type's formulas).
    public static func apply(_ draw: Draw, to batch: Batch, classes: Int) -> Batch {
        let n = batch.count
        let sampleSize = batch.channels * batch.height * batch.width
        let lambda = draw.lambda
        var inputs = batch.inputs
        switch draw {
        case .none:
            break
        case .mixup:
            let (own, other) = (Float(lambda), Float(1 - lambda))
            batch.inputs.withUnsafeBufferPointer { x in
                inputs.withUnsafeMutableBufferPointer { y in
                    for i in 0..<n {
                        let (a, b) = (i * sampleSize, (n - 1 - i) * sampleSize)
                        for k in 0..<sampleSize { y[a + k] = own * x[a + k] + other * x[b + k] }
                    }
                }
            }
        case .cutmix(_, let xs, let ys):
            let plane = batch.height * batch.width
            for i in 0..<n {
                let (a, b) = (i * sampleSize, (n - 1 - i) * sampleSize)
                for c in 0..<batch.channels {
                    for row in ys {
                        let offset = c * plane + row * batch.width
                        for column in xs { inputs[a + offset + column] = batch.inputs[b + offset + column] }
                    }
                }
            }
        }
        var targets = [Float](repeating: 0, count: n * classes)
        for i in 0..<n {
            targets[i * classes + batch.labels[i]] += Float(lambda)
            targets[i * classes + batch.labels[n - 1 - i]] += Float(1 - lambda)
        }
        var result = Batch(
            index: batch.index, inputs: inputs, labels: batch.labels, sampleIndices: batch.sampleIndices,
            channels: batch.channels, height: batch.height, width: batch.width)
        result.softTargets = targets
        return result
    }
}

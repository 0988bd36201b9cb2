import Foundation

/// The data an `UpdateRule` needs to update one parameter tensor in place.
public struct ParameterUpdate {
    /// The parameter's values, updated in place.
    public let value: UnsafeMutablePointer<Float>
    /// ∂loss/∂value, after L2 weight decay and clipping.
    public let gradient: UnsafePointer<Float>
    /// The rule's per-parameter state buffers (`stateCount` of them, each `count` floats, zero at first).
    public let state: [UnsafeMutablePointer<Float>]
    /// The number of elements.
    public let count: Int
    /// The learning rate of this step.
    public let learningRate: Float
    /// The decoupled weight decay λ (non-zero only for rules with `decouplesWeightDecay`).
    public let weightDecay: Float
    /// The step number, from 1.
    public let step: Int
}

/// The per-parameter arithmetic of an optimizer; `Optimizer` walks the parameters, applies L2 weight decay
/// and clipping, owns the state buffers and calls the rule once per parameter tensor.
public protocol UpdateRule: Sendable, Codable {
    /// The rule's name in checkpoints: `sgd`, `rmsprop`, `adam`.
    static var identifier: String { get }
    /// How many state buffers the rule keeps per parameter (momentum, second moment...).
    var stateCount: Int { get }
    /// `true` when weight decay is applied by the rule to the weights (AdamW) rather than added to the gradient.
    var decouplesWeightDecay: Bool { get }
    /// Updates one parameter tensor.
    func update(_ parameter: ParameterUpdate)
}

/// How gradients are limited before the update.
public enum GradientClipping: Sendable, Codable, Equatable {
    /// Scales all gradients together so that their global L2 norm is at most `maximum`.
    case norm(Float)
    /// Clamps every gradient element to [−`maximum`, `maximum`].
    case value(Float)
}

/// Gradient descent over a model's trainable, unfrozen parameters.
///
/// Each `update(_:)`: (1) clipping, (2) coupled L2 weight decay g += λ·w (unless the rule decouples it),
/// (3) the rule's per-parameter update. State is keyed by parameter name and saved in checkpoints.
/// A class because it holds state shared with the trainer and the checkpoint writer.
public final class Optimizer: @unchecked Sendable {
    /// The per-parameter update (SGD, RMSprop, Adam...).
    public var rule: any UpdateRule
    /// The learning rate η of the next step (schedules change it between epochs).
    public var learningRate: Float
    /// The weight decay λ: L2 (added to the gradient) or decoupled (AdamW), see `UpdateRule.decouplesWeightDecay`.
    public var weightDecay: Float
    /// Optional gradient clipping, applied first.
    public var clipping: GradientClipping?
    /// The number of updates made so far.
    public internal(set) var step: Int = 0
    /// Per parameter name, the rule's state buffers.
    var state: [String: [FloatBuffer]] = [:]
    private let scratch = FloatBuffer(count: 0)

    /// Creates an optimizer.
    public init(_ rule: any UpdateRule, learningRate: Float, weightDecay: Float = 0, clipping: GradientClipping? = nil)
    {
        precondition(learningRate >= 0, "Learning rate must be non-negative, got \(learningRate)")
        precondition(weightDecay >= 0, "Weight decay must be non-negative, got \(weightDecay)")
        self.rule = rule
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.clipping = clipping
    }

    /// Applies one update to every trainable, unfrozen parameter from its current gradient.
    public func update(_ parameters: [Parameter]) {
        let trainable = parameters.filter { $0.role == .trainable && !$0.isFrozen }
        step += 1
        var clipScale: Float = 1
        if case .norm(let maximum) = clipping {
            var sum = 0.0
            for parameter in trainable {
                let g = parameter.gradient.pointer
                for i in 0..<parameter.count { sum += Double(g[i]) * Double(g[i]) }
            }
            let norm = sum.squareRoot()
            if norm > Double(maximum) { clipScale = Float(Double(maximum) / norm) }
        }
        for parameter in trainable {
            let count = parameter.count
            scratch.reserve(count)
            let (g, w, s) = (parameter.gradient.pointer, parameter.value.pointer, scratch.pointer)
            let decay = rule.decouplesWeightDecay ? 0 : weightDecay
            switch clipping {
            case .value(let maximum)?:
                for i in 0..<count { s[i] = Swift.min(Swift.max(g[i], -maximum), maximum) + decay * w[i] }
            default:
                for i in 0..<count { s[i] = g[i] * clipScale + decay * w[i] }
            }
            let buffers = stateBuffers(for: parameter)
            rule.update(
                ParameterUpdate(
                    value: w, gradient: s, state: buffers.map(\.pointer), count: count, learningRate: learningRate,
                    weightDecay: rule.decouplesWeightDecay ? weightDecay : 0, step: step))
        }
    }

    private func stateBuffers(for parameter: Parameter) -> [FloatBuffer] {
        if let buffers = state[parameter.name], buffers.count == rule.stateCount,
            buffers.allSatisfy({ $0.count == parameter.count })
        {
            return buffers
        }
        let buffers = (0..<rule.stateCount).map { _ in FloatBuffer(count: parameter.count) }
        state[parameter.name] = buffers
        return buffers
    }
}

/// Stochastic gradient descent, optionally with momentum (heavy ball) or Nesterov momentum.
///
/// v ← μ·v + g; plain: w ← w − η·g (μ = 0); momentum: w ← w − η·v; Nesterov: w ← w − η·(g + μ·v).
public struct SGD: UpdateRule {
    /// The rule's name in checkpoints.
    public static let identifier = "sgd"
    /// The momentum μ in [0, 1); 0 is plain SGD.
    public var momentum: Float
    /// Uses the Nesterov look-ahead form.
    public var nesterov: Bool

    /// Creates the rule.
    public init(momentum: Float = 0, nesterov: Bool = false) {
        precondition(momentum >= 0 && momentum < 1, "Momentum must be in [0, 1), got \(momentum)")
        self.momentum = momentum
        self.nesterov = nesterov
    }

    /// The number of state buffers per parameter.
    public var stateCount: Int { momentum > 0 ? 1 : 0 }
    /// Whether weight decay is applied by the rule (AdamW) instead of added to the gradient.
    public var decouplesWeightDecay: Bool { false }

    /// Updates one parameter tensor in place.
    public func update(_ p: ParameterUpdate) {
        let (w, g, lr, mu) = (p.value, p.gradient, p.learningRate, momentum)
        guard mu > 0 else {
            for i in 0..<p.count { w[i] -= lr * g[i] }
            return
        }
        let v = p.state[0]
        for i in 0..<p.count {
            v[i] = mu * v[i] + g[i]
            w[i] -= lr * (nesterov ? g[i] + mu * v[i] : v[i])
        }
    }
}

/// RMSprop (Hinton): s ← ρ·s + (1 − ρ)·g², w ← w − η·g/(√s + ε).
public struct RMSprop: UpdateRule {
    /// The rule's name in checkpoints.
    public static let identifier = "rmsprop"
    /// The decay ρ of the squared-gradient average.
    public var rho: Float
    /// ε, added to the root for stability.
    public var epsilon: Float

    /// Creates the rule.
    public init(rho: Float = 0.9, epsilon: Float = 1e-8) {
        self.rho = rho
        self.epsilon = epsilon
    }

    /// The number of state buffers per parameter.
    public var stateCount: Int { 1 }
    /// Whether weight decay is applied by the rule (AdamW) instead of added to the gradient.
    public var decouplesWeightDecay: Bool { false }

    /// Updates one parameter tensor in place.
    public func update(_ p: ParameterUpdate) {
        let (w, g, s) = (p.value, p.gradient, p.state[0])
        for i in 0..<p.count {
            s[i] = rho * s[i] + (1 - rho) * g[i] * g[i]
            w[i] -= p.learningRate * g[i] / (s[i].squareRoot() + epsilon)
        }
    }
}

/// Adam (Kingma & Ba 2015), and AdamW (Loshchilov & Hutter 2019) with `decoupled` weight decay.
///
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
/// w ← w − η·(m̂/(√v̂ + ε) + λ·w) (the λ·w term only for AdamW; Adam adds λ·w to g instead).
public struct Adam: UpdateRule {
    /// The rule's name in checkpoints.
    public static let identifier = "adam"
    /// β₁, the decay of the gradient average.
    public var beta1: Float
    /// β₂, the decay of the squared-gradient average.
    public var beta2: Float
    /// ε, added to the root for stability.
    public var epsilon: Float
    /// AdamW: weight decay shrinks the weights directly instead of entering the gradient.
    public var decoupled: Bool

    /// Creates the rule.
    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, decoupled: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.decoupled = decoupled
    }

    /// The number of state buffers per parameter.
    public var stateCount: Int { 2 }
    /// Whether weight decay is applied by the rule (AdamW) instead of added to the gradient.
    public var decouplesWeightDecay: Bool { decoupled }

    /// Updates one parameter tensor in place.
    public func update(_ p: ParameterUpdate) {
        let (w, g, m, v) = (p.value, p.gradient, p.state[0], p.state[1])
        let correction1 = 1 - pow(beta1, Float(p.step))
        let correction2 = 1 - pow(beta2, Float(p.step))
        for i in 0..<p.count {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            let mHat = m[i] / correction1
            let vHat = v[i] / correction2
            w[i] -= p.learningRate * (mHat / (vHat.squareRoot() + epsilon) + p.weightDecay * w[i])
        }
    }
}

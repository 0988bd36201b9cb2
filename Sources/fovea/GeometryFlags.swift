import ArgumentParser
import Foundation
import FoveaCodecs

/// The preprocessing geometry flags shared by `fovea convert` and `fovea augment`: crop → resize → centre crop,
/// in that order, after decoding and before anything else (see `GeometryPlan`).
struct GeometryFlags: ParsableArguments {
    /// Largest side accepted for --resize, --crop and --center-crop sizes.
    static let maximumSide = 1 << 16

    /// CLI spellings of the resampling filter.
    enum FilterName: String, ExpressibleByArgument, CaseIterable {
        case nearest, bilinear, bicubic, lanczos3, area
    }

    @Option(
        help: ArgumentHelp(
            "Resize to WxH (see --fit) or, with one number S, the shorter side to S keeping the aspect ratio (the longer side int(S·long/short), as torchvision's Resize(S)).",
            valueName: "WxH|S"))
    var resize: String?

    @Option(
        help: ArgumentHelp(
            "With --resize WxH: stretch (exact size, the default), contain (fit inside, PIL.ImageOps.contain), cover (fill and centre-crop, ImageOps.fit) or pad (fit inside, centred on WxH, ImageOps.pad).",
            valueName: "stretch|contain|cover|pad"))
    var fit: ResizeFit?

    @Option(
        help: ArgumentHelp(
            "--fit pad's border colour in [0, 1] (0.5 is 128 in 8-bit); alpha there is 0.", valueName: "v"))
    var padValue: Float?

    @Option(
        help: "Resampling filter of --resize: nearest, bilinear, bicubic, lanczos3 or area (OpenCV's INTER_AREA).")
    var resample: FilterName = .bilinear

    @Flag(
        help:
            "Resize as cv2.resize (INTER_NEAREST/LINEAR/CUBIC: the filter is not widened when shrinking) instead of Pillow's antialiased PIL.Image.resize."
    )
    var noAntialias = false

    @Option(
        help: ArgumentHelp(
            "Keep only this rectangle (top-left pixel X,Y; size W×H) before resizing.", valueName: "X,Y,W,H"))
    var crop: String?

    @Option(
        help: ArgumentHelp(
            "After resizing, keep the WxH middle (offsets rounded as torchvision's CenterCrop).", valueName: "WxH"))
    var centerCrop: String?

    mutating func validate() throws {
        _ = try plan()
    }

    /// The plan the flags describe, or a usage error naming the flag and the allowed range.
    func plan() throws -> GeometryPlan {
        var plan = GeometryPlan(
            filter: ResampleFilter(rawValue: resample.rawValue) ?? .bilinear, antialias: !noAntialias)
        let sides = "1…\(Self.maximumSide)"
        if let resize {
            if let side = Int(resize) {
                guard (1...Self.maximumSide).contains(side) else {
                    throw ValidationError("--resize S must be \(sides), got \(resize)")
                }
                guard fit == nil else {
                    throw ValidationError("--fit goes with --resize WxH, not a shorter side (--resize \(resize))")
                }
                plan.resize = .shorterSide(side)
            } else {
                let size = try Self.size(resize, flag: "--resize", form: "WxH (or S)")
                plan.resize = .size(width: size.width, height: size.height)
            }
        } else if fit != nil {
            throw ValidationError("--fit goes with --resize WxH")
        }
        if let fit { plan.fit = fit }
        if let padValue {
            guard plan.fit == .pad else { throw ValidationError("--pad-value goes with --fit pad") }
            guard padValue >= 0, padValue <= 1 else {
                throw ValidationError("--pad-value must be 0…1, got \(padValue)")
            }
            plan.padValue = padValue
        }
        if let crop {
            let parts = crop.split(separator: ",", omittingEmptySubsequences: false).map {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3] else {
                throw ValidationError("--crop must be X,Y,W,H (four integers), got \(crop)")
            }
            guard x >= 0, y >= 0, x < Self.maximumSide, y < Self.maximumSide else {
                throw ValidationError("--crop X and Y must be 0…\(Self.maximumSide - 1), got \(crop)")
            }
            guard (1...Self.maximumSide).contains(w), (1...Self.maximumSide).contains(h) else {
                throw ValidationError("--crop W and H must be \(sides), got \(crop)")
            }
            plan.crop = PixelRect(x: x, y: y, width: w, height: h)
        }
        if let centerCrop {
            plan.centerCrop = try Self.size(centerCrop, flag: "--center-crop", form: "WxH")
            if case .size(let w, let h)? = plan.resize, plan.fit != .contain,
                let c = plan.centerCrop, c.width > w || c.height > h
            {
                throw ValidationError(
                    "--center-crop \(centerCrop) must fit the --resize \(w)x\(h) result: 1…\(w) x 1…\(h)")
            }
        }
        if let c = plan.crop, let cc = plan.centerCrop, plan.resize == nil, cc.width > c.width || cc.height > c.height {
            throw ValidationError(
                "--center-crop \(centerCrop ?? "") must fit the --crop \(c.width)x\(c.height) rectangle")
        }
        return plan
    }

    /// `WxH` (also `W×H` or `W,H`) as a size with both sides in 1…maximumSide.
    static func size(_ text: String, flag: String, form: String) throws -> PixelSize {
        let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" || $0 == "," }).map { Int($0) }
        guard parts.count == 2, let w = parts[0], let h = parts[1] else {
            throw ValidationError("\(flag) must be \(form), got \(text)")
        }
        guard (1...maximumSide).contains(w), (1...maximumSide).contains(h) else {
            throw ValidationError("\(flag) sides must be 1…\(maximumSide), got \(text)")
        }
        return PixelSize(width: w, height: h)
    }

    /// `image` cropped, resized and centre-cropped as the flags say (unchanged without them). Results over
    /// `pixelLimit` pixels, crops outside the image and centre crops larger than it are data errors naming
    /// the flag, raised before any allocation.
    static func apply(_ plan: GeometryPlan, to image: AnyImage, pixelLimit: Int) throws -> AnyImage {
        if plan.isIdentity { return image }
        return try plan.apply(to: image, pixelLimit: pixelLimit)
    }
}

extension ResizeFit: ExpressibleByArgument {}

import FoveaCore

/// The EXIF orientation tag (0x0112) and its application.
///
/// Values follow the TIFF/EXIF specification: 1 upright, 2 mirrored left-right, 3 rotated 180°,
/// 4 mirrored top-bottom, 5 transposed (mirror about the main diagonal), 6 needs a 90° clockwise turn,
/// 7 transversed (mirror about the anti-diagonal), 8 needs a 90° counter-clockwise turn. Applying them
/// gives what Pillow's `ImageOps.exif_transpose` gives.
enum ExifOrientation {
    /// The orientation in a TIFF structure (the APP1 payload after `Exif\0\0`), or `nil` when absent,
    /// malformed, or outside 1...8. Every offset is bounds-checked.
    static func parse(_ tiff: UnsafeBufferPointer<UInt8>) -> Int? {
        guard tiff.count >= 8 else { return nil }
        let littleEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 2 <= tiff.count else { return nil }
            let a = Int(tiff[offset])
            let b = Int(tiff[offset + 1])
            return littleEndian ? a | b << 8 : a << 8 | b
        }
        func u32(_ offset: Int) -> Int? {
            guard let low = u16(offset + (littleEndian ? 0 : 2)), let high = u16(offset + (littleEndian ? 2 : 0)) else {
                return nil
            }
            return low | high << 16
        }
        guard u16(2) == 42, let ifd = u32(4), let entries = u16(ifd) else { return nil }
        for entry in 0..<entries {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            guard tag == 0x0112 else { continue }
            guard u16(at + 2) == 3, let value = u16(at + 8), (1...8).contains(value) else { return nil }
            return value
        }
        return nil
    }
}

extension Image {
    /// This image turned upright according to EXIF orientation `orientation` (1-8, see ``ExifOrientation``);
    /// orientations 5-8 swap width and height.
    func applyingExifOrientation(_ orientation: Int) -> Image {
        guard (2...8).contains(orientation), width > 0, height > 0 else { return self }
        let w = width
        let h = height
        // Source pixel index of destination (x, y) is start + x * stepX + y * stepY.
        let (start, stepX, stepY): (Int, Int, Int) =
            switch orientation {
            case 2: (w - 1, -1, w)
            case 3: (w * h - 1, -1, -w)
            case 4: ((h - 1) * w, 1, -w)
            case 5: (0, w, 1)
            case 6: ((h - 1) * w, -w, 1)
            case 7: ((h - 1) * w + w - 1, -w, -1)
            default: (w - 1, w, -1)
            }
        let swapped = orientation >= 5
        let outWidth = swapped ? h : w
        let outHeight = swapped ? w : h
        let channels = channelCount
        let count = samples.count
        let out = [Sample](unsafeUninitializedCapacity: count) { dst, initialized in
            samples.withUnsafeBufferPointer { src in
                var d = 0
                for y in 0..<outHeight {
                    var s = start + y * stepY
                    for _ in 0..<outWidth {
                        let base = s * channels
                        for c in 0..<channels { (dst.nonEmptyBaseAddress + d + c).initialize(to: src[base + c]) }
                        d += channels
                        s += stepX
                    }
                }
            }
            initialized = count
        }
        return Image.assumingValid(width: outWidth, height: outHeight, layout: layout, samples: out)
    }
}

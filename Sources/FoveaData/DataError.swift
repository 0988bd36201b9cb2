/// What went wrong while reading or preparing a dataset. Each case names the file (and where in it) so a
/// user can find and fix the input.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file or directory the dataset needs does not exist.
    case missingFile(path: String)
    /// An IDX image file was given without a label file, and none sits beside it under the MNIST name.
    case missingLabelFile(imagePath: String)
    /// An image file and its label file hold different numbers of entries.
    case countMismatch(images: Int, labels: Int, imagePath: String, labelPath: String)
    /// An image could not be decoded; `reason` is the decoder's own message.
    case unreadableImage(path: String, reason: String)
    /// A class folder dataset has no subfolders with images in them.
    case noClasses(directory: String)
    /// A class-folder root has no class folder with an image, but `count` images lie directly in it (`example`
    /// is one of them, a path).
    case imagesOutsideClassFolders(directory: String, count: Int, example: String)
    /// A CSV row has a field that is not an integer in the allowed range.
    case malformedCSVField(path: String, line: Int, column: Int)
    /// A CSV row has a different number of pixels from the first row.
    case inconsistentCSVRow(path: String, line: Int, expectedPixels: Int, actualPixels: Int)
    /// A CSV row's pixel count is not `width × height` (or not a perfect square when no size is given).
    case csvPixelCountNotAnImage(path: String, pixels: Int)
    /// A dataset holds no samples.
    case empty(source: String)
    /// A validation fraction outside [0, 1), or a split that leaves no training samples.
    case invalidValidationFraction(Double)
    /// A model takes inputs that are not images of 1 or 3 channels ([C, H, W] with C = 1 or 3).
    case unsupportedModelInput(shape: [Int])
    /// A label is negative or not below the number of classes the model predicts.
    case labelOutOfRange(label: Int, classCount: Int, source: String)
    /// A dataset has a class (folder name, or label number) that the model or the training data does not know.
    case unknownClass(name: String, known: [String], source: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): no such file or directory"
        case .missingLabelFile(let imagePath):
            return "\(imagePath): no label file given and none found beside it "
                + "(expected e.g. train-labels-idx1-ubyte.gz next to train-images-idx3-ubyte.gz)"
        case .countMismatch(let images, let labels, let imagePath, let labelPath):
            return "\(imagePath) holds \(images) images but \(labelPath) holds \(labels) labels; "
                + "pass the label file that belongs to this image file"
        case .unreadableImage(let path, let reason):
            return "\(path): cannot read image: \(reason)"
        case .noClasses(let directory):
            return
                "\(directory): no class subfolders with images (expected one folder per class, e.g. \(directory)/cat/1.png)"
        case .imagesOutsideClassFolders(let directory, let count, let example):
            return
                "\(directory): \(count) image\(count == 1 ? "" : "s") (e.g. \(example)) but no class subfolders: "
                + "a dataset folder holds one folder per class (\(directory)/cat/1.png); move the images into "
                + "class folders"
        case .malformedCSVField(let path, let line, let column):
            return
                "\(path):\(line): field \(column) is not an integer (expected rows of label,pixel,… with pixels 0–255)"
        case .inconsistentCSVRow(let path, let line, let expected, let actual):
            return "\(path):\(line): \(actual) pixels, but the first row has \(expected)"
        case .csvPixelCountNotAnImage(let path, let pixels):
            return "\(path): rows have \(pixels) pixels, which is not a square image; pass the width and height"
        case .empty(let source):
            return "\(source): the dataset holds no samples"
        case .invalidValidationFraction(let fraction):
            return "validation fraction \(fraction) must be in [0, 1) and leave training samples"
        case .unsupportedModelInput(let shape):
            return
                "the model takes inputs of shape \(shape); image data needs [channels, height, width] with 1 or 3 channels"
        case .labelOutOfRange(let label, let classCount, let source):
            return "\(source): label \(label) is outside 0..<\(classCount)"
        case .unknownClass(let name, let known, let source):
            let list = known.count <= 20 ? known.joined(separator: " ") : known.prefix(20).joined(separator: " ") + " …"
            return "\(source): class \"\(name)\" is not one of the model's \(known.count) classes (\(list)); "
                + "remove it or use the class names the model was trained on"
        }
    }
}

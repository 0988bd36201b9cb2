// One line from each Fovea library product, so a build proves every product links from outside the package.
import FoveaAugment
import FoveaCodecs
import FoveaData
import FoveaExport
import FoveaFilters
import FoveaImage
import FoveaNN
import FoveaPlot
import FoveaTraining

let image = try Image<UInt8>(width: 16, height: 16, layout: .gray, repeating: 100)  // FoveaImage
let png = try ImageFile.encode(.uint8(image), as: .png)  // FoveaCodecs
let blurred = image.gaussianBlurred(sigma: 1, border: .constant(.sample(0)))  // FoveaFilters
let turned = try image.warped(by: .rotation(degrees: 90, about: ImagePoint(x: 7.5, y: 7.5)))  // FoveaAugment
let model = try Model(architecture: .named("lenet5"), seed: 1)  // FoveaNN
let split = try DatasetSplit.stratified(labels: [0, 0, 1, 1], validationFraction: 0.5, seed: 1)  // FoveaData
let chart = LineChart(
    title: "loss", xLabel: "epoch", yLabel: "loss",
    series: [.init(name: "train", x: [1, 2, 3], y: [0.9, 0.5, 0.3], color: RGBColor(red: 200, green: 0, blue: 0))]
).render(width: 160, height: 120)  // FoveaPlot
let optimizer = OptimizerChoice.adam.makeOptimizer(learningRate: 0.001, weightDecay: 0)  // FoveaTraining
let onnx = try ModelExport(model: model).encoded(as: .onnx)  // FoveaExport

print("png \(png.count) bytes; blurred corner \(blurred[x: 0, y: 0]); turned \(turned.width)×\(turned.height)")
print("lenet5 \(model.parameterCount) parameters; split \(split.training.count)+\(split.validation.count)")
print("chart \(chart.width)×\(chart.height); optimizer \(type(of: optimizer)); ONNX \(onnx.count) bytes")

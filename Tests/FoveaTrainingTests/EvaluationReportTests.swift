import XCTest

@testable import FoveaTraining

final class EvaluationReportTests: XCTestCase {
    // Class a: 3 right, 1 taken for b; class b: 2 right; class c: no samples. 5 of 6 right.
    private let report = EvaluationReport(
        classNames: ["a", "b", "c"], confusion: [[3, 1, 0], [0, 2, 0], [0, 0, 0]], loss: 0.5)

    func testAccuracyAndPerClassAccuracyComeFromTheConfusionMatrix() {
        XCTAssertEqual(report.samples, 6)
        XCTAssertEqual(report.accuracy, 5.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(report.perClassAccuracy, [0.75, 1.0, nil])
    }

    func testJSONHasAccuracyLossSamplesAndTheMatrix() throws {
        XCTAssertEqual(
            report.json,
            #"{"accuracy":0.833333,"loss":0.500000,"samples":6,"classes":["a","b","c"],"per_class_accuracy":[0.750000,1.000000,null],"confusion":[[3,1,0],[0,2,0],[0,0,0]]}"#
        )
        let object = try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any]
        XCTAssertEqual(object?["samples"] as? Int, 6)
    }

    func testTextListsEveryClassAndTheMatrixRows() {
        let lines = report.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "samples 6  loss 0.5000  accuracy 83.33%")
        XCTAssertTrue(lines.contains("a              75.00%  4"), report.text)
        XCTAssertTrue(lines.contains("c                   -  0"), report.text)
        XCTAssertEqual(lines.last, "    c    0    0    0")
    }
}

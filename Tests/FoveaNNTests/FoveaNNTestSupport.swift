import XCTest

@testable import FoveaNN

import XCTest

@testable import FoveaData

import XCTest

@testable import FoveaFilters

import XCTest

@testable import FoveaCodecs

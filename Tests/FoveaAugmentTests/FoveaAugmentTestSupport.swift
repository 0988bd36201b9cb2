import XCTest

@testable import FoveaAugment

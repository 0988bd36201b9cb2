import XCTest

import FoveaCodecs

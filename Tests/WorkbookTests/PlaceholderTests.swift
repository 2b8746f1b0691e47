import XCTest
@testable import Workbook

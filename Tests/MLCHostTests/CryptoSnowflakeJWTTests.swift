import Foundation
import XCTest
@testable import MLCHost

/// Snowflake key-pair JWT claims follow Snowflake's account and case rules.
final class CryptoSnowflakeJWTTests: XCTestCase {
  private let now = Date(timeIntervalSince1970: 1_767_225_600.75)
  private let fingerprint = "SHA256:uQ/2s2Kx+0FzRvJmC4z1Y7Xk8oYlq2pWm3w1kFv5nA0="

  private func decode(_ bytes: [UInt8]) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
  }

  func testAccountIdentifierRules() {
    XCTAssertEqual(SnowflakeJWT.accountIdentifier("myorg-myaccount"), "MYORG-MYACCOUNT")
    XCTAssertEqual(SnowflakeJWT.accountIdentifier("xy12345.us-east-2.aws"), "XY12345")
    XCTAssertEqual(SnowflakeJWT.accountIdentifier("xy12345"), "XY12345")
    XCTAssertEqual(SnowflakeJWT.accountIdentifier("xy12345-ab1cd2ef.global"), "XY12345")
    XCTAssertEqual(SnowflakeJWT.accountIdentifier("myorg-myaccount.snowflakecomputing.com"), "MYORG-MYACCOUNT")
  }

  func testClaimsForOrgAccountAndLowercaseUser() throws {
    let claims = try decode(SnowflakeJWT.claims(
      account: "myorg-myaccount", user: "etl_user", fingerprint: fingerprint, now: now, lifetime: 59 * 60))
    XCTAssertEqual(claims["iss"] as? String, "MYORG-MYACCOUNT.ETL_USER.\(fingerprint)")
    XCTAssertEqual(claims["sub"] as? String, "MYORG-MYACCOUNT.ETL_USER")
    XCTAssertEqual(claims["iat"] as? Int, 1_767_225_600)
    XCTAssertEqual(claims["exp"] as? Int, 1_767_225_600 + 59 * 60)
    XCTAssertEqual(claims.count, 4)
  }

  func testLocatorWithRegionAndGlobalAccounts() throws {
    let regional = try decode(SnowflakeJWT.claims(account: "xy12345.us-east-2.aws", user: "Loader", fingerprint: fingerprint, now: now))
    XCTAssertEqual(regional["sub"] as? String, "XY12345.LOADER")
    let global = try decode(SnowflakeJWT.claims(account: "xy12345-ab1cd2ef.global", user: "loader", fingerprint: fingerprint, now: now))
    XCTAssertEqual(global["sub"] as? String, "XY12345.LOADER")
  }

  func testLifetimeIsCappedAtOneHour() throws {
    let claims = try decode(SnowflakeJWT.claims(account: "a1", user: "u", fingerprint: fingerprint, now: now, lifetime: 86_400))
    XCTAssertEqual((claims["exp"] as? Int).map { $0 - (claims["iat"] as? Int ?? 0) }, 3600)
  }

  func testBareFingerprintGetsPrefixAndSlashesStayUnescaped() throws {
    let bytes = try SnowflakeJWT.claims(account: "a1", user: "u", fingerprint: "abc/def+=", now: now)
    let claims = try decode(bytes)
    XCTAssertEqual(claims["iss"] as? String, "A1.U.SHA256:abc/def+=")
    XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("\\/"))
  }

  func testEmptyAccountOrUserIsRejected() {
    XCTAssertThrowsError(try SnowflakeJWT.claims(account: ".us-east-1", user: "u", fingerprint: fingerprint, now: now)) {
      XCTAssertTrue("\($0)".contains("needs an account and a user"), "\($0)")
    }
    XCTAssertThrowsError(try SnowflakeJWT.claims(account: "a1", user: " ", fingerprint: fingerprint, now: now))
  }
}

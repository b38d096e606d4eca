import XCTest
@testable import SnowflakeSandbox

final class SnowflakeSandboxScratchTests: XCTestCase {
  func testScratch() throws {
    let engine = try SQLEngine(database: "ERP", schemas: ["RAW"])
    let session = SessionContext(account: "SANDBOX-ACCT", user: "MLC_LOADER", role: "LOADER", warehouse: "LOAD_WH", database: "ERP", schema: "RAW")
    func run(_ sql: String, _ b: [Int: BoundValue] = [:]) throws -> StatementOutcome {
      try engine.run(sql, bindings: b, session: session, now: 1_700_000_000_000_000_000)
    }
    print(try run("create table vendors (id varchar not null, name string, amount number(18,2), d date, ts timestamp_ntz, ok boolean, v variant)").rows)
    print(try run("insert into vendors (id, name, amount, d, ts, ok) values ('A', 'Acme', 10.5, '2026-01-31', '2026-01-31T08:00:00Z', true), ('B', null, -3, null, null, false)").rows)
    let b: [Int: BoundValue] = [1: try BoundValue(type: "TEXT", value: "A"), 2: try BoundValue(type: "TEXT", value: "'); DROP TABLE VENDORS; --"), 3: try BoundValue(type: "FIXED", value: "99.999"),
                                4: try BoundValue(type: "TEXT", value: "C"), 5: try BoundValue(type: "TEXT", value: "New"), 6: try BoundValue(type: "FIXED", value: "1")]
    let m = try run("merge into vendors t using (select column1 as id, column2 as name, column3 as amount from values (?,?,?),(?,?,?)) s on t.id = s.id when matched then update set t.name = s.name, t.amount = s.amount when not matched then insert (id, name, amount) values (s.id, s.name, s.amount)", b)
    print(m.rows, m.stats!)
    let r = try run("select id, name, amount, d, ts, ok, current_account() from vendors where amount > 0 order by id desc limit 10")
    print(r.columns.map { "\($0.name):\($0.type)" }, r.rows)
    print(try run("select count(*), sum(amount), ok from vendors group by ok order by 2").rows)
    do { _ = try run("select nope from vendors") } catch { print(error) }
    do { _ = try run("select * form vendors") } catch { print(error) }
    do { _ = try run("select * from \"Vendors\"") } catch { print(error) }
    let dup = try run("merge into vendors t using (select ? as id, ? as name) s on t.id = s.id when matched then update set name = s.name", [1: try BoundValue(type: "TEXT", value: "A"), 2: try BoundValue(type: "TEXT", value: "x")])
    print(dup.rows)
    do { _ = try run("merge into vendors t using (values ('A','x'),('A','y')) s(id, name) on t.id = s.id when matched then update set name = s.name") } catch { print(error) }
  }
}

/// One parsed directive with what it needs to be checked.
struct CheckStep: Sendable {
    let directive: CheckDirective
    /// What a line must be: as written for CHECK, CHECK-NEXT, CHECK-DAG,
    /// CHECK-NOT, CHECK-COUNT and CHECK-TOTAL; an empty line for CHECK-EMPTY
    /// (TRACE has none and ignores it).
    let pattern: CheckPattern
    /// For TRACE.
    let fact: TraceFact?
}

/// One parsed directive with what it needs to be checked.
struct CheckStep: Sendable {
    let directive: CheckDirective
    /// For CHECK, CHECK-NEXT, CHECK-DAG, CHECK-NOT, CHECK-COUNT, CHECK-TOTAL.
    let pattern: CheckPattern?
    /// For TRACE.
    let fact: TraceFact?
}

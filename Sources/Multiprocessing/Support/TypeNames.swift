/// How code crosses into a fresh copy of the program: by a type's mangled
/// name, the Swift analogue of pickle's "functions by qualified name".
enum TypeNames {
    /// The mangled name of `type` if looking it up gives `type` back, which
    /// holds for top-level, non-generic types; nil otherwise.
    static func findableName(of type: Any.Type) -> String? {
        guard let name = _mangledTypeName(type), let found = _typeByName(name),
              ObjectIdentifier(found) == ObjectIdentifier(type) else { return nil }
        return name
    }
}

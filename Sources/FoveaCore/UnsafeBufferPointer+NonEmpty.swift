// The address of the first element of a buffer its caller has already checked is non-empty.
//
// An empty buffer's `baseAddress` may be nil, so Swift makes it optional. Kernels take it once, after their own
// `width > 0, height > 0` (or `count > 0`) check, and index from it. `nonEmptyBaseAddress` says that invariant in
// its name and traps with a message naming the buffer type if it is ever broken, where a bare `baseAddress!`
// would say neither (swift-format's NeverForceUnwrap rule flags those; see README, "Lint").

extension UnsafeBufferPointer {
    /// The address of element 0. Precondition: the buffer is not empty (an empty buffer may have no address).
    @inlinable public var nonEmptyBaseAddress: UnsafePointer<Element> {
        guard let base = baseAddress else { preconditionFailure("empty UnsafeBufferPointer<\(Element.self)>") }
        return base
    }
}

extension UnsafeMutableBufferPointer {
    /// The address of element 0. Precondition: the buffer is not empty (an empty buffer may have no address).
    @inlinable public var nonEmptyBaseAddress: UnsafeMutablePointer<Element> {
        guard let base = baseAddress else {
            preconditionFailure("empty UnsafeMutableBufferPointer<\(Element.self)>")
        }
        return base
    }
}

extension UnsafeRawBufferPointer {
    /// The address of byte 0. Precondition: the buffer is not empty (an empty buffer may have no address).
    @inlinable public var nonEmptyBaseAddress: UnsafeRawPointer {
        guard let base = baseAddress else { preconditionFailure("empty UnsafeRawBufferPointer") }
        return base
    }
}

extension UnsafeMutableRawBufferPointer {
    /// The address of byte 0. Precondition: the buffer is not empty (an empty buffer may have no address).
    @inlinable public var nonEmptyBaseAddress: UnsafeMutableRawPointer {
        guard let base = baseAddress else { preconditionFailure("empty UnsafeMutableRawBufferPointer") }
        return base
    }
}

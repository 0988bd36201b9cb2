/// Errors from bad input to the filters (values a user typed or a file supplied).
public enum FilterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A kernel written as text (`"1,0,-1;1,0,-1"`) could not be read.
    case malformedKernel(text: String, reason: String)

    /// What went wrong and where.
    public var description: String {
        switch self {
        case .malformedKernel(let text, let reason):
            "malformed kernel \"\(text)\": \(reason) (write rows separated by ';' and values by ',', e.g. \"1,0,-1;2,0,-2;1,0,-1\")"
        }
    }
}

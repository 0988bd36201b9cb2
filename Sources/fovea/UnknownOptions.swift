import ArgumentParser

/// Finds a misspelt `--option` that argument-parser would report only after the command's own `validate()`
/// passed: with `fovea filter canny --lwo 50 --high 150 …`, validation runs first and says "canny needs --low and
/// --high", which hides the typo. Used when parsing fails, so that the unknown option is named instead.
enum UnknownOptions {
    /// The first `--name` among `arguments` (the words after `fovea`) that the subcommand they name (the deepest,
    /// as in `shards status`) does not take (hidden options included), with the closest name it does take when one
    /// is near (at most two edits), and the subcommand's words (`shards status`), or nil when every option is known or no subcommand is named. Words after a
    /// bare `--` are values.
    static func first(
        in arguments: [String], root: any ParsableCommand.Type
    ) -> (command: any ParsableCommand.Type, path: String, name: String, suggestion: String?)? {
        var command: (any ParsableCommand.Type)? = nil
        var path: [String] = []
        var words = arguments[...]
        while let word = words.first,
            let next = (command ?? root).configuration.subcommands.first(where: { $0._commandName == word })
        {
            command = next
            path.append(word)
            words = words.dropFirst()
        }
        guard let command else { return nil }
        let known = knownNames(root.helpMessage(for: command, includeHidden: true, columns: 10_000))
        for argument in words {
            if argument == "--" { break }
            guard argument.hasPrefix("--"), argument.count > 2 else { continue }
            let name = String(argument.prefix { $0 != "=" })
            if known.contains(name) { continue }
            let suggestion = known.map { ($0, distance(name, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
            return (command, path.joined(separator: " "), name, suggestion)
        }
        return nil
    }

    /// Every `--name` the help text mentions, plus `--help` and `--version`.
    static func knownNames(_ help: String) -> Set<String> {
        var names: Set<String> = ["--help", "--version"]
        var current = ""
        for character in help + " " {
            if character.isLetter || character.isNumber || character == "-" {
                current.append(character)
            } else {
                if current.hasPrefix("--"), current.count > 2 { names.insert(current) }
                current = ""
            }
        }
        return names
    }

    /// The edit distance between `a` and `b` (insertions, deletions, substitutions and swaps of two neighbours,
    /// each counting one: `--lwo` is one edit from `--low`).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return Swift.max(a.count, b.count) }
        var beforePrevious = [Int](), previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = Swift.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = Swift.min(row[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = row
        }
        return previous[b.count]
    }
}

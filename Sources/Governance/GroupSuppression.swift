/// Minimum group size with complementary suppression (privacy spec P7), as a pure function over
/// cells and the sums that tie them together.
///
/// A *cell* is one aggregate (costs, counts, durations) over a group of persons; an *equation*
/// says a parent cell is the sum of its terms (a node's total = its own part + its children's
/// totals). Rules, applied until nothing changes:
/// 1. **Primary**: a cell with 1 to k−1 distinct persons is withheld (``CellVisibility/belowMinimum``).
///    Cells without persons (costs of the node itself, unowned calls) are not about anyone and stay shown.
/// 2. **Complementary**: an equation with exactly one withheld cell would give it away by subtraction.
///    If that cell is a term, the parent total is withheld; if it is the parent (all terms shown), the
///    term with the fewest persons (then the first) is withheld. Both are ``CellVisibility/complementary``.
///
/// The result has no equation with exactly one withheld cell. The price: a small group withholds
/// the totals above it up to a level where two withheld cells meet (often up to the report total).
public enum GroupSuppression {
    /// One aggregate cell.
    public struct Cell: Sendable, Equatable {
        /// Its identifier (unique in one call).
        public var id: String
        /// Distinct persons whose data are in it.
        public var persons: Int

        /// A cell.
        public init(id: String, persons: Int) {
            self.id = id
            self.persons = persons
        }
    }

    /// `parent` = the sum of `terms`.
    public struct Equation: Sendable, Equatable {
        /// The sum's cell.
        public var parent: String
        /// The cells summed.
        public var terms: [String]

        /// An equation.
        public init(parent: String, terms: [String]) {
            self.parent = parent
            self.terms = terms
        }
    }

    /// Whether a cell is shown.
    public enum CellVisibility: String, Sendable, Equatable {
        /// Shown.
        case shown
        /// Withheld: fewer than k persons.
        case belowMinimum = "below_minimum"
        /// Withheld so that a withheld cell cannot be computed from the others.
        case complementary

        /// Whether the value may be shown.
        public var isShown: Bool { self == .shown }
    }

    /// The visibility of every cell (cells not listed in `cells` but named by an equation count as
    /// having no persons).
    /// - Parameter minimumGroupSize: k (the configuration never allows less than 5; smaller values here are raised to 1).
    public static func apply(cells: [Cell], equations: [Equation], minimumGroupSize: Int) -> [String: CellVisibility] {
        let k = max(1, minimumGroupSize)
        var persons: [String: Int] = [:]
        var order: [String: Int] = [:]
        for (index, cell) in cells.enumerated() {
            persons[cell.id] = cell.persons
            order[cell.id] = order[cell.id] ?? index
        }
        var result: [String: CellVisibility] = [:]
        for cell in cells { result[cell.id] = (1..<k).contains(cell.persons) ? .belowMinimum : .shown }
        for equation in equations {
            for id in [equation.parent] + equation.terms where result[id] == nil {
                result[id] = .shown
                persons[id] = 0
                order[id] = order.count + cells.count
            }
        }
        // Bottom-up: an equation is looked at after the equations of its terms, so a withheld total
        // is known before the sum above it decides (fewer cells withheld than in file order).
        var height: [String: Int] = [:]
        func heightOf(_ id: String, _ seen: Set<String>) -> Int {
            if let known = height[id] { return known }
            guard !seen.contains(id) else { return 0 }
            let below = equations.filter { $0.parent == id }.flatMap(\.terms).map { heightOf($0, seen.union([id])) }
            let value = below.max().map { $0 + 1 } ?? 0
            height[id] = value
            return value
        }
        let ordered = equations.enumerated().sorted {
            (heightOf($0.element.parent, []), $0.offset) < (heightOf($1.element.parent, []), $1.offset)
        }.map(\.element)
        var changed = true
        while changed {
            changed = false
            for equation in ordered {
                let members = [equation.parent] + equation.terms
                let withheld = members.filter { result[$0]?.isShown == false }
                guard withheld.count == 1 else { continue }
                if withheld[0] != equation.parent {
                    result[equation.parent] = .complementary
                } else {
                    let candidates = equation.terms.filter { result[$0]?.isShown == true }
                    guard let pick = candidates.min(by: {
                        (persons[$0] ?? 0, order[$0] ?? 0) < (persons[$1] ?? 0, order[$1] ?? 0)
                    }) else { continue }
                    result[pick] = .complementary
                }
                changed = true
            }
        }
        return result
    }
}

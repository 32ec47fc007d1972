import Access
import Documents

/// German or English text, picked by the document language.
struct Wording {
    let language: DocumentLanguage

    func callAsFunction(_ de: String, _ en: String) -> String { language == .de ? de : en }

    func months(_ count: Int) -> String {
        if count % 12 == 0 && count >= 24 { return language == .de ? "\(count / 12) Jahre" : "\(count / 12) years" }
        if count == 1 { return language == .de ? "1 Monat" : "1 month" }
        return language == .de ? "\(count) Monate" : "\(count) months"
    }

    func category(_ name: String) -> String {
        switch (name, language) {
        case ("business", .de): return "dienstlich"
        case ("project", .de): return "Projekt"
        case ("private", .de): return "privat"
        case ("pin", .de): return "PIN"
        default: return name
        }
    }

    func onOff(_ on: Bool) -> String { on ? self("aktiviert", "enabled") : self("deaktiviert", "disabled") }
}

/// The roles of the access module's role table that hold `permission` (by its raw name).

func roles(holding permission: String) -> [String] {
    guard let needed = Permission(rawValue: permission) else { return [] }
    return Role.builtIn.filter { $0.permissions.contains(needed) }.map(\.name)
}

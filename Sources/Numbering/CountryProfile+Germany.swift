extension CountryProfile {
    /// Germany (+49), after `shared/design/tariffs-research.md` §3 and §2: national prefix `0`,
    /// international `00`; mobile 015x/016x/017x; special 0800, 0180x, 0137x, 0700, 01x otherwise;
    /// premium 0900 and 118xy; NTR 032 national; short codes 110/112 (emergency), 115, 116xyz
    /// (special), 118xy (premium); call-by-call `010[1-9][0-9]` and `0100[0-9][0-9]`.
    public static let germany = CountryProfile(
        countryCode: "49",
        nationalPrefix: "0",
        internationalPrefix: "00",
        nationalRules: [
            PrefixRule("1", .category(.special)),
            PrefixRule("110", .category(.emergency)),
            PrefixRule("112", .category(.emergency)),
            PrefixRule("115", .category(.special)),
            PrefixRule("116", .category(.special)),
            PrefixRule("118", .category(.premium)),
            PrefixRule("137", .category(.special)),
            PrefixRule("15", .category(.mobile)),
            PrefixRule("16", .category(.mobile)),
            PrefixRule("17", .category(.mobile)),
            PrefixRule("180", .category(.special)),
            PrefixRule("32", .category(.national)),
            PrefixRule("700", .category(.special)),
            PrefixRule("800", .category(.special)),
            PrefixRule("900", .category(.premium)),
        ],
        unmatchedNational: .geographic,
        shortCodes: [
            ShortCodeRule("110", lengths: 3...3, .emergency),
            ShortCodeRule("112", lengths: 3...3, .emergency),
            ShortCodeRule("115", lengths: 3...3, .special),
            ShortCodeRule("116", lengths: 6...6, .special),
            ShortCodeRule("118", lengths: 5...6, .premium),
        ],
        callByCallPatterns: [.germanFiveDigit, .germanSixDigit]
    )
}

//! The words the drafter reads: scales, currencies, bounds, directions, fractions, superlatives,
//! months and the nouns of counted things. Lower case; a phrase is its words in order.

use super::{Bound, Direction};

/// Scale words after a number, with their factor and the unit's word.
pub(super) const SCALES: &[(&str, f64, &str)] = &[
    ("trillion", 1e12, "trillions"),
    ("trillions", 1e12, "trillions"),
    ("tn", 1e12, "trillions"),
    ("trn", 1e12, "trillions"),
    ("billion", 1e9, "billions"),
    ("billions", 1e9, "billions"),
    ("bn", 1e9, "billions"),
    ("bln", 1e9, "billions"),
    ("b", 1e9, "billions"),
    ("million", 1e6, "millions"),
    ("millions", 1e6, "millions"),
    ("mn", 1e6, "millions"),
    ("mln", 1e6, "millions"),
    ("m", 1e6, "millions"),
    ("thousand", 1e3, "thousands"),
    ("k", 1e3, "thousands"),
];

/// Currency signs before a number.
pub(super) const SIGNS: &[(char, &str)] = &[('$', "USD"), ('¥', "JPY"), ('€', "EUR"), ('£', "GBP")];

/// Currency codes and words, before or after a number.
pub(super) const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("usd", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("jpy", "JPY"),
    ("yen", "JPY"),
    ("eur", "EUR"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("gbp", "GBP"),
    ("pounds", "GBP"),
    ("cny", "CNY"),
    ("rmb", "CNY"),
    ("yuan", "CNY"),
    ("pln", "PLN"),
    ("zloty", "PLN"),
    ("zlotys", "PLN"),
    ("krw", "KRW"),
    ("won", "KRW"),
    ("inr", "INR"),
    ("rupees", "INR"),
    ("rub", "RUB"),
    ("roubles", "RUB"),
    ("rubles", "RUB"),
    ("cad", "CAD"),
    ("mxn", "MXN"),
    ("pesos", "MXN"),
];

/// Bound phrases before a figure, longest first where one begins another.
pub(super) const BOUNDS: &[(&[&str], Bound)] = &[
    (&["just", "over"], Bound::JustOver),
    (&["just", "above"], Bound::JustOver),
    (&["just", "under"], Bound::Nearly),
    (&["just", "below"], Bound::Nearly),
    (&["just", "shy", "of"], Bound::Nearly),
    (&["no", "more", "than"], Bound::AtMost),
    (&["more", "than"], Bound::MoreThan),
    (&["in", "excess", "of"], Bound::MoreThan),
    (&["upwards", "of"], Bound::MoreThan),
    (&["over"], Bound::MoreThan),
    (&["above"], Bound::MoreThan),
    (&["exceeding"], Bound::MoreThan),
    (&["exceeded"], Bound::MoreThan),
    (&["exceed"], Bound::MoreThan),
    (&["exceeds"], Bound::MoreThan),
    (&["surpassing"], Bound::MoreThan),
    (&["topping"], Bound::MoreThan),
    (&["at", "least"], Bound::AtLeast),
    (&["a", "minimum", "of"], Bound::AtLeast),
    (&["nearly"], Bound::Nearly),
    (&["almost"], Bound::Nearly),
    (&["close", "to"], Bound::Nearly),
    (&["approaching"], Bound::Nearly),
    (&["about"], Bound::About),
    (&["around"], Bound::About),
    (&["roughly"], Bound::About),
    (&["some"], Bound::About),
    (&["approximately"], Bound::About),
    (&["approx"], Bound::About),
    (&["circa"], Bound::About),
    (&["less", "than"], Bound::Under),
    (&["fewer", "than"], Bound::Under),
    (&["under"], Bound::Under),
    (&["below"], Bound::Under),
    (&["up", "to"], Bound::AtMost),
    (&["at", "most"], Bound::AtMost),
];

/// Words that say a figure rose or fell.
pub(super) const DIRECTIONS: &[(&str, Direction)] = &[
    ("rose", Direction::Rise),
    ("rise", Direction::Rise),
    ("rises", Direction::Rise),
    ("rising", Direction::Rise),
    ("risen", Direction::Rise),
    ("increase", Direction::Rise),
    ("increased", Direction::Rise),
    ("increases", Direction::Rise),
    ("increasing", Direction::Rise),
    ("climbed", Direction::Rise),
    ("climb", Direction::Rise),
    ("climbs", Direction::Rise),
    ("jumped", Direction::Rise),
    ("jump", Direction::Rise),
    ("jumps", Direction::Rise),
    ("up", Direction::Rise),
    ("grew", Direction::Rise),
    ("grow", Direction::Rise),
    ("grows", Direction::Rise),
    ("growth", Direction::Rise),
    ("surged", Direction::Rise),
    ("surge", Direction::Rise),
    ("soared", Direction::Rise),
    ("hike", Direction::Rise),
    ("hiked", Direction::Rise),
    ("gained", Direction::Rise),
    ("gain", Direction::Rise),
    ("expanded", Direction::Rise),
    ("widened", Direction::Rise),
    ("boosted", Direction::Rise),
    ("higher", Direction::Rise),
    ("fell", Direction::Fall),
    ("fall", Direction::Fall),
    ("falls", Direction::Fall),
    ("falling", Direction::Fall),
    ("fallen", Direction::Fall),
    ("declined", Direction::Fall),
    ("decline", Direction::Fall),
    ("declines", Direction::Fall),
    ("decreased", Direction::Fall),
    ("decrease", Direction::Fall),
    ("shrank", Direction::Fall),
    ("shrunk", Direction::Fall),
    ("shrink", Direction::Fall),
    ("dropped", Direction::Fall),
    ("drop", Direction::Fall),
    ("down", Direction::Fall),
    ("slumped", Direction::Fall),
    ("narrowed", Direction::Fall),
    ("lower", Direction::Fall),
    ("cut", Direction::Fall),
    ("reduced", Direction::Fall),
    ("plunged", Direction::Fall),
    ("tumbled", Direction::Fall),
    ("contracted", Direction::Fall),
];

/// Directions that may stand right after a percentage ("a 9.4% hike", "a 17% increase").
pub(super) const DIRECTION_NOUNS: &[&str] = &[
    "increase", "rise", "hike", "jump", "gain", "growth", "surge", "drop", "decline", "fall",
    "decrease", "cut", "higher", "lower",
];

/// Fractions as words, in percent.
pub(super) const FRACTIONS: &[(&[&str], f64)] = &[
    (&["two", "thirds"], 200.0 / 3.0),
    (&["three", "quarters"], 75.0),
    (&["three", "fourths"], 75.0),
    (&["one", "third"], 100.0 / 3.0),
    (&["a", "third"], 100.0 / 3.0),
    (&["one", "quarter"], 25.0),
    (&["a", "quarter"], 25.0),
    (&["a", "fifth"], 20.0),
    (&["one", "fifth"], 20.0),
    (&["a", "tenth"], 10.0),
    (&["half"], 50.0),
    (&["a", "half"], 50.0),
    (&["one", "half"], 50.0),
    (&["majority"], 50.0),
];

/// Verbs of a multiple change, as growth in percent.
pub(super) const MULTIPLIED: &[(&str, f64)] = &[
    ("doubled", 100.0),
    ("doubling", 100.0),
    ("tripled", 200.0),
    ("trebled", 200.0),
    ("tripling", 200.0),
    ("quadrupled", 300.0),
    ("halved", -50.0),
];

/// Superlatives of a level, and of a change (a record rise is not a record level).
pub(super) const SUPERLATIVES: &[&str] = &[
    "largest",
    "biggest",
    "highest",
    "lowest",
    "smallest",
    "greatest",
    "widest",
    "narrowest",
    "strongest",
    "weakest",
    "top",
    "most",
    "least",
    "leading",
    "deepest",
];
pub(super) const CHANGE_SUPERLATIVES: &[&str] =
    &["fastest", "steepest", "sharpest", "slowest", "quickest"];
/// Nouns of a change: a superlative before one of them ranks changes.
pub(super) const CHANGE_NOUNS: &[&str] = &[
    "rise",
    "increase",
    "growth",
    "jump",
    "gain",
    "surge",
    "decline",
    "drop",
    "fall",
    "increases",
    "rises",
];

/// Ordinals before a superlative ("second-largest") or "place".
pub(super) const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
];

/// Small numbers written as words.
pub(super) const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
];

/// Months, full and short.
pub(super) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Nouns of people (counted in persons).
pub(super) const PEOPLE: &[&str] = &[
    "troops",
    "soldiers",
    "personnel",
    "servicemembers",
    "servicemen",
    "sailors",
    "marines",
    "airmen",
    "workers",
    "employees",
    "people",
    "persons",
    "jobs",
    "staff",
    "residents",
    "civilians",
    "members",
];

/// Words after a number that make it no count ("9 of", "3 and").
pub(super) const NOT_COUNTED: &[&str] = &[
    "of", "and", "or", "to", "in", "on", "at", "by", "for", "the", "a", "an", "with", "from", "is",
    "was", "were", "are", "as", "than", "that", "which", "per", "s", "th", "st", "nd", "rd",
];

/// Modifiers allowed between a number and the noun it counts ("55,000 U.S. troops").
pub(super) const COUNT_MODIFIERS: &[&str] = &[
    "u",
    "s",
    "us",
    "american",
    "active",
    "duty",
    "new",
    "more",
    "additional",
    "full",
    "time",
    "military",
    "foreign",
    "local",
];

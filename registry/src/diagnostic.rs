//! One writer for every rustc-style message the crate prints: a headline,
//! every location on its own `  --> ` line, then `  = note:` and
//! `  = help:` lines. A message never ends with a newline; lists of
//! messages put a blank line between them.

use core::fmt::{self, Display, Formatter};

use crate::def::{Location, Metadata, TableDef};

/// A message being written: each method writes one line.
pub(crate) struct Diagnostic<'a, 'f> {
    f: &'a mut Formatter<'f>,
}

impl<'a, 'f> Diagnostic<'a, 'f> {
    /// Starts `error: {headline}`.
    pub(crate) fn error(
        f: &'a mut Formatter<'f>,
        headline: impl Display,
    ) -> Result<Self, fmt::Error> {
        write!(f, "error: {headline}")?;
        Ok(Self { f })
    }

    /// Starts `warning: {headline}` (only `verify` warns).
    #[cfg_attr(
        not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
        allow(dead_code)
    )]
    pub(crate) fn warning(
        f: &'a mut Formatter<'f>,
        headline: impl Display,
    ) -> Result<Self, fmt::Error> {
        write!(f, "warning: {headline}")?;
        Ok(Self { f })
    }

    /// `  --> {what} ({location})`: where something was written.
    pub(crate) fn at(&mut self, what: impl Display, location: &Location) -> fmt::Result {
        write!(self.f, "\n  --> {what} ({location})")
    }

    /// `  --> app::Order (app 0.1.0, src/lib.rs:3:12)`
    pub(crate) fn at_model(&mut self, table: &TableDef) -> fmt::Result {
        self.at(table.type_path, &table.location)
    }

    /// `  --> app::PLATFORM (app 0.1.0, src/lib.rs:3:1)`
    pub(crate) fn at_metadata(&mut self, metadata: &Metadata) -> fmt::Result {
        self.at(metadata.path, &metadata.location)
    }

    /// `  --> {what}`: something that has no source location, such as a
    /// statement.
    #[cfg_attr(
        not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
        allow(dead_code)
    )]
    pub(crate) fn arrow(&mut self, what: impl Display) -> fmt::Result {
        write!(self.f, "\n  --> {what}")
    }

    /// `  = note: {text}`
    pub(crate) fn note(&mut self, text: impl Display) -> fmt::Result {
        write!(self.f, "\n  = note: {text}")
    }

    /// `  = help: {text}`
    pub(crate) fn help(&mut self, text: impl Display) -> fmt::Result {
        write!(self.f, "\n  = help: {text}")
    }
}

/// Writes each of `items` followed by a blank line: the messages before a
/// summary.
pub(crate) fn blocks<T: Display>(
    f: &mut Formatter<'_>,
    items: impl IntoIterator<Item = T>,
) -> fmt::Result {
    for item in items {
        write!(f, "{item}\n\n")?;
    }
    Ok(())
}

/// `1 table`, `2 tables`: a count with its noun, for nouns whose plural
/// adds an `s`.
pub(crate) fn count(count: usize, noun: &str) -> Count<'_> {
    Count { count, noun }
}

/// See [`count`].
pub(crate) struct Count<'n> {
    count: usize,
    noun: &'n str,
}

impl Display for Count<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}{}", self.count, self.noun, plural(self.count))
    }
}

/// `""` for one, `"s"` otherwise.
pub(crate) fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Either word, by count: `one_or_many(n, "stays", "stay")`.
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
pub(crate) fn one_or_many<'w>(count: usize, one: &'w str, many: &'w str) -> &'w str {
    if count == 1 { one } else { many }
}

/// `` `a`, `b` and `c` ``
pub(crate) fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

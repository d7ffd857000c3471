//! Where a model or a metadata was written.

use core::fmt;

/// Where a model or a metadata was defined.
///
/// Two versions of one crate have the same module paths and files, so the
/// crate's package name and version are recorded too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub(crate) crate_name: &'static str,
    pub(crate) crate_version: &'static str,
    pub(crate) file: &'static str,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Location {
    #[doc(hidden)]
    pub const fn new(
        crate_name: Option<&'static str>,
        crate_version: Option<&'static str>,
        file: &'static str,
        line: u32,
        column: u32,
    ) -> Self {
        Self {
            crate_name: match crate_name {
                Some(name) => name,
                None => "?",
            },
            crate_version: match crate_version {
                Some(version) => version,
                None => "?",
            },
            file,
            line,
            column,
        }
    }

    /// The package name (`CARGO_PKG_NAME`) of the defining crate.
    pub const fn crate_name(&self) -> &'static str {
        self.crate_name
    }

    /// The package version (`CARGO_PKG_VERSION`) of the defining crate.
    pub const fn crate_version(&self) -> &'static str {
        self.crate_version
    }

    /// The source file, as `file!()` gives it.
    pub const fn file(&self) -> &'static str {
        self.file
    }

    /// The 1-based line.
    pub const fn line(&self) -> u32 {
        self.line
    }

    /// The 1-based column.
    pub const fn column(&self) -> u32 {
        self.column
    }
}

/// `crate 1.2.3, src/models.rs:10:12`
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}, {}:{}:{}",
            self.crate_name, self.crate_version, self.file, self.line, self.column
        )
    }
}

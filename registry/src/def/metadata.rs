//! Metadata: a named group of tables that lives in one database.

use core::fmt;

use crate::def::{Dialect, Location};
use crate::naming::NamingConvention;

/// A named group of tables that live in one database, like SQLAlchemy's
/// `MetaData`.
///
/// Declare one with [`metadata!`](crate::metadata!) and name it in
/// `#[model(metadata = path::TO::IT)]`. A model without `metadata = ...`
/// belongs to [`DEFAULT`](crate::DEFAULT). Two metadata are the same database
/// exactly when their names are equal; declaring one name twice is reported
/// at startup.
///
/// ```
/// model_registry::metadata!(pub PLATFORM = "platform");
/// model_registry::metadata!(
///     /// Audit tables, kept in their own schema.
///     pub AUDIT = "audit", schema = "audit"
/// );
///
/// assert_eq!(PLATFORM.name(), "platform");
/// assert_eq!(PLATFORM.schema(), None);
/// assert_eq!(AUDIT.schema(), Some("audit"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Metadata {
    pub(crate) name: &'static str,
    pub(crate) schema: Option<&'static str>,
    pub(crate) naming: NamingConvention,
    pub(crate) path: &'static str,
    pub(crate) location: Location,
    pub(crate) dialect: Option<Dialect>,
}

impl Metadata {
    /// The declared name, e.g. `"platform"`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The default schema of its tables, if one was declared.
    pub const fn schema(&self) -> Option<&'static str> {
        self.schema
    }

    /// How its indexes and constraints are named: `naming = ...` in
    /// [`metadata!`](crate::metadata!), else [`NamingConvention::DEFAULT`].
    pub const fn naming(&self) -> &NamingConvention {
        &self.naming
    }

    /// The path of the constant, e.g. `app::db::PLATFORM`.
    pub const fn path(&self) -> &'static str {
        self.path
    }

    /// Where `metadata!` declared it.
    pub const fn location(&self) -> &Location {
        &self.location
    }

    /// The database it lives in, if declared (`dialect = Postgres` in
    /// [`metadata!`](crate::metadata!)): a column type that database cannot
    /// hold is then a compile error, and binding a pool of another
    /// database is refused.
    pub const fn dialect(&self) -> Option<Dialect> {
        self.dialect
    }

    /// This metadata, living in `dialect`'s database; what
    /// `metadata!(..., dialect = ...)` writes.
    #[doc(hidden)]
    #[must_use]
    pub const fn __with_dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = Some(dialect);
        self
    }
}

/// A metadata, named by its constant or by its name: what the
/// [`Registry`](crate::Registry) methods that take a metadata accept —
/// `&PLATFORM` (a [`Metadata`]) or `"platform"`.
pub trait MetadataName {
    /// The metadata's name.
    fn metadata_name(&self) -> &str;
}

impl MetadataName for Metadata {
    fn metadata_name(&self) -> &str {
        self.name
    }
}

impl MetadataName for str {
    fn metadata_name(&self) -> &str {
        self
    }
}

impl MetadataName for String {
    fn metadata_name(&self) -> &str {
        self
    }
}

impl<T: MetadataName + ?Sized> MetadataName for &T {
    fn metadata_name(&self) -> &str {
        (**self).metadata_name()
    }
}

/// Metadata are one database when their names are equal.
impl PartialEq for Metadata {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Metadata {}

impl fmt::Display for Metadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Declares a [`Metadata`]: a named group of tables that lives in one database.
///
/// ```
/// model_registry::metadata!(pub PLATFORM = "platform");
/// model_registry::metadata!(pub(crate) USER_DATA = "user_data", schema = "app");
/// ```
///
/// This defines a constant of type [`Metadata`] and registers it, so the
/// startup check knows it was declared. Declare each metadata once, in one
/// crate, and name it by path everywhere else
/// (`#[model(metadata = shared::PLATFORM)]`): two declarations of one name are
/// reported at startup, wherever they are.
///
/// The name and the optional `schema` are `&'static str` constant
/// expressions, checked at compile time: the name must not be empty, and the
/// schema must be a valid identifier (not empty, at most 63 bytes, no quote or
/// control characters, no surrounding whitespace). The optional `naming`,
/// after `schema`, is a constant [`NamingConvention`](crate::NamingConvention)
/// whose templates are checked at compile time too.
///
/// The optional `dialect`, last, names the database the metadata lives in
/// (`Sqlite`, `Postgres` or `MySql`, a [`Dialect`](crate::Dialect)): a model
/// column that database cannot hold the way sqlx reads and writes it (an
/// `i8` or a `u32` on PostgreSQL, say) is then a compile error at the field,
/// saying what to use, and [`db::bind`](crate::db) refuses a pool of
/// another database.
///
/// ```
/// use model_registry::NamingConvention;
///
/// model_registry::metadata!(
///     pub BILLING = "billing",
///     schema = "billing",
///     naming = NamingConvention::DEFAULT.pk("%(table_name)s_pkey"),
///     dialect = Postgres,
/// );
/// assert_eq!(BILLING.dialect(), Some(model_registry::Dialect::Postgres));
/// ```
///
/// ```compile_fail,E0080
/// model_registry::metadata!(pub NAMELESS = "");
/// ```
#[macro_export]
macro_rules! metadata {
    (
        $(#[$attr:meta])*
        $vis:vis $ident:ident = $name:expr
        $(, schema = $schema:expr)?
        $(, naming = $naming:expr)?
        $(, dialect = $dialect:ident)?
        $(,)?
    ) => {
        $(#[$attr])*
        $vis const $ident: $crate::Metadata = $crate::__private::metadata(
            $name,
            {
                let schema: ::core::option::Option<&'static str> = ::core::option::Option::None;
                $(let schema = ::core::option::Option::Some($schema);)?
                schema
            },
            {
                let naming = $crate::NamingConvention::DEFAULT;
                $(let naming: $crate::NamingConvention = $naming;)?
                naming
            },
            ::core::concat!(::core::module_path!(), "::", ::core::stringify!($ident)),
            $crate::__private::location!(),
        )$(.__with_dialect($crate::Dialect::$dialect))?;

        // linkme places the registration with `#[link_section]`, which the
        // `unsafe_code` lint flags.
        #[allow(unsafe_code)]
        const _: () = {
            // One constant per kind: each bad template is its own error.
            const _: () = $crate::__private::check_naming($ident.naming(), $crate::ConstraintKind::Index);
            const _: () = $crate::__private::check_naming($ident.naming(), $crate::ConstraintKind::Unique);
            const _: () = $crate::__private::check_naming($ident.naming(), $crate::ConstraintKind::ForeignKey);
            const _: () = $crate::__private::check_naming($ident.naming(), $crate::ConstraintKind::PrimaryKey);
            const _: () = $crate::__private::check_naming($ident.naming(), $crate::ConstraintKind::Check);

            if $ident.name().is_empty() {
                ::core::panic!(::core::concat!(
                    "the name of metadata `", ::core::stringify!($ident), "` is empty"
                ));
            }
            if let ::core::option::Option::Some(schema) = $ident.schema() {
                match $crate::__private::check_name(schema) {
                    ::core::result::Result::Ok(()) => {}
                    ::core::result::Result::Err($crate::__private::NameError::Empty) => ::core::panic!(::core::concat!(
                        "the schema of metadata `", ::core::stringify!($ident), "` is empty"
                    )),
                    ::core::result::Result::Err($crate::__private::NameError::TooLong) => ::core::panic!(::core::concat!(
                        "the schema of metadata `", ::core::stringify!($ident),
                        "` is longer than 63 bytes, PostgreSQL's identifier limit"
                    )),
                    ::core::result::Result::Err($crate::__private::NameError::Quote) => ::core::panic!(::core::concat!(
                        "the schema of metadata `", ::core::stringify!($ident),
                        "` contains a quote character (\", ' or `)"
                    )),
                    ::core::result::Result::Err($crate::__private::NameError::Control) => ::core::panic!(::core::concat!(
                        "the schema of metadata `", ::core::stringify!($ident),
                        "` contains a control character such as NUL or a newline"
                    )),
                    ::core::result::Result::Err($crate::__private::NameError::Whitespace) => ::core::panic!(::core::concat!(
                        "the schema of metadata `", ::core::stringify!($ident),
                        "` begins or ends with whitespace"
                    )),
                }
            }


            $crate::__private::register_metadata!($ident);
        };
    };
}

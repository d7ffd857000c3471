//! Naming conventions: how every index and constraint gets a deterministic
//! name, as with SQLAlchemy's `MetaData(naming_convention=...)`.

use core::fmt::Write as _;

use crate::ident::{FNV_OFFSET, MAX_NAME_BYTES, fnv};

/// The templates that name indexes and constraints in one metadata.
///
/// The tokens are SQLAlchemy's:
///
/// | token | becomes |
/// |---|---|
/// | `%(table_name)s` | the table's name |
/// | `%(column_0_name)s` | the first column's name |
/// | `%(column_0_N_name)s` | every column's name, joined with `_` |
/// | `%(column_0N_name)s` | every column's name, joined with nothing |
/// | `%(referred_table_name)s` | (`fk` only) the referenced table |
/// | `%(referred_column_0_name)s`, `%(referred_column_0_N_name)s`, `%(referred_column_0N_name)s` | (`fk` only) the referenced columns |
/// | `%(constraint_name)s` | (`ck` only) the name given to the check |
///
/// A name the attribute gives with `name = "..."` is used as it is. A
/// generated name longer than 63 bytes (PostgreSQL's limit; MariaDB's is 64)
/// is shortened the way SQLAlchemy does it: cut, then `_` and a hash of the
/// whole name, so it stays deterministic and distinct.
///
/// ```
/// use model_registry::NamingConvention;
///
/// model_registry::metadata!(
///     pub PLATFORM = "platform",
///     naming = NamingConvention::DEFAULT.fk("%(table_name)s_%(column_0_name)s_fkey"),
/// );
///
/// assert_eq!(PLATFORM.naming().ix_template(), "ix_%(table_name)s_%(column_0_N_name)s");
/// ```
///
/// A template with an unknown token, or with a token its kind cannot fill,
/// fails the build:
///
/// ```compile_fail,E0080
/// model_registry::metadata!(
///     pub PLATFORM = "platform",
///     naming = model_registry::NamingConvention::DEFAULT.ix("ix_%(tabel_name)s"),
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamingConvention {
    ix: &'static str,
    uq: &'static str,
    fk: &'static str,
    pk: &'static str,
    ck: &'static str,
}

/// Which kind of name a template makes; it decides the tokens it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConstraintKind {
    /// An index (`ix`).
    Index,
    /// A unique constraint (`uq`).
    Unique,
    /// A foreign key (`fk`).
    ForeignKey,
    /// A primary key (`pk`).
    PrimaryKey,
    /// A check constraint (`ck`).
    Check,
}

impl ConstraintKind {
    /// Every kind, in declaration order: `kind as usize` indexes it.
    pub(crate) const ALL: [Self; 5] = [
        Self::Index,
        Self::Unique,
        Self::ForeignKey,
        Self::PrimaryKey,
        Self::Check,
    ];
}

impl ConstraintKind {
    /// `index`, `unique constraint`, ...: how messages name the kind.
    pub const fn describe(self) -> &'static str {
        match self {
            Self::Index => "index",
            Self::Unique => "unique constraint",
            Self::ForeignKey => "foreign key",
            Self::PrimaryKey => "primary key",
            Self::Check => "check constraint",
        }
    }

    /// The key of the template in the convention: `ix`, `uq`, `fk`, `pk`, `ck`.
    pub const fn key(self) -> &'static str {
        match self {
            Self::Index => "ix",
            Self::Unique => "uq",
            Self::ForeignKey => "fk",
            Self::PrimaryKey => "pk",
            Self::Check => "ck",
        }
    }
}

impl NamingConvention {
    /// The convention a metadata has unless it names another:
    ///
    /// | kind | template |
    /// |---|---|
    /// | `ix` | `ix_%(table_name)s_%(column_0_N_name)s` |
    /// | `uq` | `uq_%(table_name)s_%(column_0_N_name)s` |
    /// | `fk` | `fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s` |
    /// | `pk` | `pk_%(table_name)s` |
    /// | `ck` | `ck_%(table_name)s_%(constraint_name)s` |
    pub const DEFAULT: Self = Self {
        ix: "ix_%(table_name)s_%(column_0_N_name)s",
        uq: "uq_%(table_name)s_%(column_0_N_name)s",
        fk: "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        pk: "pk_%(table_name)s",
        ck: "ck_%(table_name)s_%(constraint_name)s",
    };

    /// The same convention with another index template.
    #[must_use]
    pub const fn ix(self, template: &'static str) -> Self {
        Self {
            ix: template,
            ..self
        }
    }

    /// The same convention with another unique-constraint template.
    #[must_use]
    pub const fn uq(self, template: &'static str) -> Self {
        Self {
            uq: template,
            ..self
        }
    }

    /// The same convention with another foreign-key template.
    #[must_use]
    pub const fn fk(self, template: &'static str) -> Self {
        Self {
            fk: template,
            ..self
        }
    }

    /// The same convention with another primary-key template.
    #[must_use]
    pub const fn pk(self, template: &'static str) -> Self {
        Self {
            pk: template,
            ..self
        }
    }

    /// The same convention with another check-constraint template.
    #[must_use]
    pub const fn ck(self, template: &'static str) -> Self {
        Self {
            ck: template,
            ..self
        }
    }

    /// The index template.
    pub const fn ix_template(&self) -> &'static str {
        self.ix
    }

    /// The unique-constraint template.
    pub const fn uq_template(&self) -> &'static str {
        self.uq
    }

    /// The foreign-key template.
    pub const fn fk_template(&self) -> &'static str {
        self.fk
    }

    /// The primary-key template.
    pub const fn pk_template(&self) -> &'static str {
        self.pk
    }

    /// The check-constraint template.
    pub const fn ck_template(&self) -> &'static str {
        self.ck
    }

    /// The template for one kind of name.
    pub const fn template(&self, kind: ConstraintKind) -> &'static str {
        match kind {
            ConstraintKind::Index => self.ix,
            ConstraintKind::Unique => self.uq,
            ConstraintKind::ForeignKey => self.fk,
            ConstraintKind::PrimaryKey => self.pk,
            ConstraintKind::Check => self.ck,
        }
    }

    /// The first template that is not valid for its kind, with the reason.
    pub(crate) const fn validate(&self) -> Result<(), (ConstraintKind, TemplateError)> {
        let kinds = ConstraintKind::ALL;
        let mut i = 0;
        while i < kinds.len() {
            if let Err(error) = check_template(self.template(kinds[i]), kinds[i]) {
                return Err((kinds[i], error));
            }
            i += 1;
        }
        Ok(())
    }

    /// Renders the name of one index or constraint.
    pub(crate) fn render(&self, kind: ConstraintKind, parts: &NameParts<'_>) -> String {
        let name = render(self.template(kind), parts);
        shorten(name)
    }
}

impl Default for NamingConvention {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why a template cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TemplateError {
    /// `%(` without `)s`.
    Unclosed,
    /// A token this library does not know.
    UnknownToken,
    /// A token the kind has nothing for, e.g. `referred_table_name` in `ix`.
    TokenNotForKind,
    /// No token at all: every index or constraint of the kind would get the
    /// same name.
    NoToken,
}

/// What a template's tokens stand for.
pub(crate) struct NameParts<'a> {
    pub(crate) table: &'a str,
    pub(crate) columns: &'a [&'a str],
    pub(crate) referred_table: &'a str,
    pub(crate) referred_columns: &'a [&'a str],
    pub(crate) constraint: &'a str,
}

#[derive(Clone, Copy)]
enum Token {
    Table,
    Column(Join),
    ReferredTable,
    ReferredColumn(Join),
    Constraint,
}

#[derive(Clone, Copy)]
enum Join {
    First,
    Underscore,
    Nothing,
}

const fn token(name: &[u8]) -> Option<Token> {
    Some(match name {
        b"table_name" => Token::Table,
        b"column_0_name" => Token::Column(Join::First),
        b"column_0_N_name" => Token::Column(Join::Underscore),
        b"column_0N_name" => Token::Column(Join::Nothing),
        b"referred_table_name" => Token::ReferredTable,
        b"referred_column_0_name" => Token::ReferredColumn(Join::First),
        b"referred_column_0_N_name" => Token::ReferredColumn(Join::Underscore),
        b"referred_column_0N_name" => Token::ReferredColumn(Join::Nothing),
        b"constraint_name" => Token::Constraint,
        _ => return None,
    })
}

const fn allowed(token: Token, kind: ConstraintKind) -> bool {
    match token {
        Token::Table => true,
        Token::Column(_) => !matches!(kind, ConstraintKind::Check),
        Token::ReferredTable | Token::ReferredColumn(_) => {
            matches!(kind, ConstraintKind::ForeignKey)
        }
        Token::Constraint => matches!(kind, ConstraintKind::Check),
    }
}

/// Splits `%(name)s` tokens out of a template, in const context.
const fn next_token(
    bytes: &[u8],
    from: usize,
) -> Result<Option<(usize, usize, usize)>, TemplateError> {
    let mut i = from;
    while i + 1 < bytes.len() {
        if bytes[i] == b'%' && bytes[i + 1] == b'(' {
            let start = i + 2;
            let mut end = start;
            while end < bytes.len() && bytes[end] != b')' {
                end += 1;
            }
            if end + 1 >= bytes.len() || bytes[end + 1] != b's' {
                return Err(TemplateError::Unclosed);
            }
            return Ok(Some((i, start, end)));
        }
        i += 1;
    }
    Ok(None)
}

pub(crate) const fn check_template(
    template: &str,
    kind: ConstraintKind,
) -> Result<(), TemplateError> {
    let bytes = template.as_bytes();
    let mut from = 0;
    let mut tokens = 0;
    loop {
        match next_token(bytes, from) {
            Err(error) => return Err(error),
            Ok(None) => break,
            Ok(Some((_, start, end))) => {
                let (_, rest) = bytes.split_at(start);
                let (name, _) = rest.split_at(end - start);
                match token(name) {
                    None => return Err(TemplateError::UnknownToken),
                    Some(token) if !allowed(token, kind) => {
                        return Err(TemplateError::TokenNotForKind);
                    }
                    Some(_) => tokens += 1,
                }
                from = end + 2;
            }
        }
    }
    if tokens == 0 {
        return Err(TemplateError::NoToken);
    }
    Ok(())
}

fn render(template: &str, parts: &NameParts<'_>) -> String {
    // Room for every part once (a template rarely uses one twice): a single
    // allocation where growing from empty took two or three.
    let names = |names: &[&str]| names.iter().map(|name| name.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(
        template.len()
            + parts.table.len()
            + parts.referred_table.len()
            + parts.constraint.len()
            + names(parts.columns)
            + names(parts.referred_columns),
    );
    pieces(template, parts, &mut |piece| out.push_str(piece));
    out
}

/// The rendered name, piece by piece: what `render` concatenates, for a
/// caller that only hashes or measures the name and need not build it.
fn pieces(template: &str, parts: &NameParts<'_>, out: &mut impl FnMut(&str)) {
    split(template, &mut |piece| emit(piece, parts, out));
}

/// A template's text and tokens, in order. A token this library does not
/// know stays text (templates are validated before anything is rendered).
fn split<'t>(template: &'t str, out: &mut impl FnMut(Piece<'t>)) {
    let bytes = template.as_bytes();
    let mut from = 0;
    while let Ok(Some((at, start, end))) = next_token(bytes, from) {
        out(Piece::Text(&template[from..at]));
        out(match token(&bytes[start..end]) {
            Some(token) => Piece::Token(token),
            None => Piece::Text(&template[at..end + 2]),
        });
        from = end + 2;
    }
    out(Piece::Text(&template[from..]));
}

/// What one piece of a template stands for, in pieces.
fn emit(piece: Piece<'_>, parts: &NameParts<'_>, out: &mut impl FnMut(&str)) {
    match piece {
        Piece::Text(text) => out(text),
        Piece::Token(Token::Table) => out(parts.table),
        Piece::Token(Token::Column(join)) => join_names(out, parts.columns, join),
        Piece::Token(Token::ReferredTable) => out(parts.referred_table),
        Piece::Token(Token::ReferredColumn(join)) => {
            join_names(out, parts.referred_columns, join);
        }
        Piece::Token(Token::Constraint) => out(parts.constraint),
    }
}

/// A template split once into its text and its tokens, for a caller that
/// renders many names with it (the startup check): the pieces of each name
/// without reading the template again.
pub(crate) struct Compiled {
    template: &'static str,
    pieces: Vec<Piece<'static>>,
}

#[derive(Clone, Copy)]
enum Piece<'t> {
    Text(&'t str),
    Token(Token),
}

impl Compiled {
    pub(crate) fn new(template: &'static str) -> Self {
        let mut pieces = Vec::new();
        split(template, &mut |piece| pieces.push(piece));
        Self { template, pieces }
    }

    /// The template this was made from.
    pub(crate) fn template(&self) -> &'static str {
        self.template
    }

    /// The name [`NamingConvention::render`] gives with this template,
    /// before shortening, in pieces: a name longer than [`MAX_NAME_BYTES`]
    /// in all is one `render` shortens.
    pub(crate) fn pieces(&self, parts: &NameParts<'_>, out: &mut impl FnMut(&str)) {
        for piece in &self.pieces {
            emit(*piece, parts, out);
        }
    }
}

fn join_names(out: &mut impl FnMut(&str), names: &[&str], join: Join) {
    match join {
        Join::First => out(names.first().copied().unwrap_or_default()),
        Join::Underscore => {
            for (i, name) in names.iter().enumerate() {
                if i > 0 {
                    out("_");
                }
                out(name);
            }
        }
        Join::Nothing => names.iter().for_each(|name| out(name)),
    }
}

/// Cuts a name longer than 63 bytes to 54 bytes (at a character boundary),
/// then appends `_` and 8 hex digits of a hash of the whole name.
pub(crate) fn shorten(name: String) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name;
    }
    let mut cut = MAX_NAME_BYTES - 9;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    // The low 32 bits of the crate's one hash: 8 hex digits.
    #[allow(clippy::cast_possible_truncation)]
    let hash = fnv(FNV_OFFSET, name.as_bytes(), false) as u32;
    let mut short = name[..cut].to_owned();
    let _ = write!(short, "_{hash:08x}");
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(columns: &'a [&'a str]) -> NameParts<'a> {
        NameParts {
            table: "orders",
            columns,
            referred_table: "customers",
            referred_columns: &["id"],
            constraint: "positive",
        }
    }

    #[test]
    fn the_default_convention_names_every_kind() {
        let naming = NamingConvention::DEFAULT;
        assert_eq!(naming.validate(), Ok(()));
        let p = parts(&["customer_id", "placed_at"]);
        assert_eq!(
            naming.render(ConstraintKind::Index, &p),
            "ix_orders_customer_id_placed_at"
        );
        assert_eq!(
            naming.render(ConstraintKind::Unique, &p),
            "uq_orders_customer_id_placed_at"
        );
        assert_eq!(
            naming.render(ConstraintKind::ForeignKey, &p),
            "fk_orders_customer_id_placed_at_customers"
        );
        assert_eq!(naming.render(ConstraintKind::PrimaryKey, &p), "pk_orders");
        assert_eq!(
            naming.render(ConstraintKind::Check, &p),
            "ck_orders_positive"
        );
    }

    #[test]
    fn every_join_of_columns() {
        let naming = NamingConvention::DEFAULT
            .ix("%(column_0_name)s|%(column_0N_name)s|%(column_0_N_name)s")
            .fk("%(referred_column_0_name)s|%(referred_column_0N_name)s|%(referred_column_0_N_name)s");
        assert_eq!(naming.validate(), Ok(()));
        let p = parts(&["a", "b"]);
        assert_eq!(naming.render(ConstraintKind::Index, &p), "a|ab|a_b");
        assert_eq!(naming.render(ConstraintKind::ForeignKey, &p), "id|id|id");
    }

    /// The startup check hashes names piece by piece instead of rendering
    /// them: the pieces must make exactly the rendered name, once shortened.
    #[test]
    fn the_pieces_make_the_rendered_name() {
        let long = "a_column_name_long_enough_to_need_shortening_with_another";
        let conventions = [
            NamingConvention::DEFAULT,
            NamingConvention::DEFAULT
                .ix("%(column_0_name)s|%(column_0N_name)s|%(column_0_N_name)s")
                .fk("%(referred_column_0_name)s|%(referred_column_0N_name)s|%(referred_column_0_N_name)s"),
        ];
        let columns: [&[&str]; 3] = [&["a", "b"], &["customer_id"], &[long, long]];
        for naming in conventions {
            for columns in columns {
                for kind in ConstraintKind::ALL {
                    let p = parts(columns);
                    let mut pieced = String::new();
                    Compiled::new(naming.template(kind))
                        .pieces(&p, &mut |piece| pieced.push_str(piece));
                    assert_eq!(
                        shorten(pieced),
                        naming.render(kind, &p),
                        "{kind:?} of {columns:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn bad_templates_are_refused_with_the_reason() {
        use ConstraintKind::*;
        assert_eq!(
            check_template("ix_%(tabel_name)s", Index),
            Err(TemplateError::UnknownToken)
        );
        assert_eq!(
            check_template("ix_%(table_name", Index),
            Err(TemplateError::Unclosed)
        );
        assert_eq!(
            check_template("ix_%(table_name)", Index),
            Err(TemplateError::Unclosed)
        );
        assert_eq!(
            check_template("ix_%(referred_table_name)s", Index),
            Err(TemplateError::TokenNotForKind)
        );
        assert_eq!(
            check_template("ck_%(column_0_name)s", Check),
            Err(TemplateError::TokenNotForKind)
        );
        assert_eq!(
            check_template("my_index", Index),
            Err(TemplateError::NoToken)
        );
        assert_eq!(
            NamingConvention::DEFAULT.uq("uq").validate(),
            Err((Unique, TemplateError::NoToken))
        );
    }

    #[test]
    fn long_names_are_shortened_deterministically_and_distinctly() {
        let long_a = format!("ix_{}_a", "x".repeat(70));
        let long_b = format!("ix_{}_b", "x".repeat(70));
        let a = shorten(long_a.clone());
        let b = shorten(long_b);
        assert_eq!(a.len(), MAX_NAME_BYTES);
        assert_eq!(a, shorten(long_a));
        assert_ne!(a, b);
        assert_eq!(&a[..54], &b[..54]);
        // Never cuts a character in half.
        let accented = shorten("é".repeat(40));
        assert!(accented.len() <= MAX_NAME_BYTES);
        assert!(accented.starts_with("éé"));
        // Short names are kept as they are.
        assert_eq!(shorten("ix_t_a".to_owned()), "ix_t_a");
    }
}

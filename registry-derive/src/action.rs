//! The referential actions `on_delete` and `on_update` take: the SQL
//! spellings a user writes and the `model_registry::ReferentialAction`
//! variant each one is. Validation lists the spellings in its messages and
//! lowering reads them, so they live apart from both.

/// A referential action: the variant of `model_registry::ReferentialAction`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReferentialAction {
    Cascade,
    SetNull,
    SetDefault,
    Restrict,
    NoAction,
}

/// The spellings `on_delete`/`on_update` accept, ignoring ASCII case.
pub(crate) const ACTIONS: &[(&str, ReferentialAction)] = &[
    ("cascade", ReferentialAction::Cascade),
    ("set null", ReferentialAction::SetNull),
    ("set default", ReferentialAction::SetDefault),
    ("restrict", ReferentialAction::Restrict),
    ("no action", ReferentialAction::NoAction),
];

impl ReferentialAction {
    /// The action spelled `written`, ignoring ASCII case.
    pub(crate) fn from_sql(written: &str) -> Option<Self> {
        let lower = written.to_ascii_lowercase();
        ACTIONS
            .iter()
            .find(|(spelling, _)| *spelling == lower)
            .map(|&(_, action)| action)
    }

    /// The action as SQL spells it, in lower case.
    pub(crate) fn sql(self) -> &'static str {
        ACTIONS
            .iter()
            .find(|&&(_, action)| action == self)
            .map_or("", |&(spelling, _)| spelling)
    }

    /// The variant's name in `model_registry::ReferentialAction`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Self::Cascade => "Cascade",
            Self::SetNull => "SetNull",
            Self::SetDefault => "SetDefault",
            Self::Restrict => "Restrict",
            Self::NoAction => "NoAction",
        }
    }
}

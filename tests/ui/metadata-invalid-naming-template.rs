// A naming-convention template is checked when the metadata is declared,
// every template of a metadata, not only its first bad one.
use model_registry::NamingConvention;

model_registry::metadata!(
    pub TYPO = "typo",
    naming = NamingConvention::DEFAULT.ix("ix_%(tabel_name)s"),
);
model_registry::metadata!(
    pub UNCLOSED = "unclosed",
    naming = NamingConvention::DEFAULT.uq("uq_%(table_name"),
);
model_registry::metadata!(
    pub WRONG_KIND = "wrong_kind",
    naming = NamingConvention::DEFAULT.ix("ix_%(referred_table_name)s"),
);
model_registry::metadata!(
    pub CONSTANT = "constant",
    naming = NamingConvention::DEFAULT.ck("my_check"),
);
model_registry::metadata!(
    pub TWO_BAD = "two_bad",
    naming = NamingConvention::DEFAULT.ix("the_index").pk("the_key"),
);

fn main() {}

//! The expansion adds no warning to a crate that denies them, with private
//! and public models, references between them and every schema attribute.
#![deny(warnings, missing_docs, unreachable_pub, unused, unsafe_code)]

model_registry::models!();

/// Models, public and private.
pub mod models {
    /// A private model.
    #[derive(model_registry::Model)]
    #[model(table = "teams", index(name, parent), unique(name, name = "uq_team_name"))]
    #[model(check(name = "named", expr = "name <> ''"))]
    pub(crate) struct Team {
        #[model(primary_key)]
        pub(crate) id: i64,
        #[model(max_length = 64, unique, index)]
        pub(crate) name: String,
        #[model(references = Self, on_delete = "set null", use_alter)]
        pub(crate) parent: Option<i64>,
        #[model(sql_type = "NUMERIC(20, 0)", default = "0")]
        pub(crate) budget: i64,
        #[model(skip)]
        pub(crate) cache: Option<Vec<u8>>,
    }

    /// A public model referring to a private one.
    #[derive(model_registry::Model)]
    #[model(table = "members")]
    pub struct Member {
        /// The key.
        #[model(primary_key)]
        pub id: i64,
        #[model(references = Team, on_delete = "cascade")]
        pub(crate) team: i64,
        #[model(references = "accounts.id")]
        pub(crate) account: i64,
    }
}

fn main() {
    use model_registry::Model;
    let team = models::Team {
        id: 1,
        name: String::new(),
        parent: None,
        budget: 0,
        cache: None,
    };
    let member = models::Member { id: 1, team: team.id, account: 2 };
    assert_eq!(
        (team.name.len(), team.parent, team.budget, team.cache, member.id, member.team, member.account),
        (0, None, 0, None, 1, 1, 2)
    );
    assert_eq!(models::Team::TABLE.indexes().len(), 2);
    assert_eq!(models::Member::TABLE.foreign_keys().count(), 2);
}

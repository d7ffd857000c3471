//! The pools `create_all`, `drop_all` and `verify` take: each enabled sqlx
//! driver's, and [`Pool`], which holds any of them.

use crate::sql::ddl::Dialect;

mod sealed {
    #![allow(unreachable_pub)]

    /// A borrowed pool of one of the enabled drivers.
    #[derive(Clone, Copy)]
    pub enum PoolRef<'a> {
        #[cfg(feature = "sqlite")]
        Sqlite(&'a sqlx::SqlitePool),
        #[cfg(feature = "postgres")]
        Postgres(&'a sqlx::PgPool),
        #[cfg(feature = "mysql")]
        MySql(&'a sqlx::MySqlPool),
    }

    pub trait Sealed {
        fn pool(&self) -> PoolRef<'_>;
    }
}

pub(crate) use sealed::PoolRef;

/// A database that `create_all`, `drop_all` and `verify` can work on:
/// `sqlx::SqlitePool`, `sqlx::PgPool`, `sqlx::MySqlPool` (with the features
/// `sqlite`, `postgres`, `mysql`) and [`Pool`]. Sealed.
pub trait Database: sealed::Sealed + Sync {
    /// The SQL dialect of the database.
    fn dialect(&self) -> Dialect;
}

/// A pool of any enabled driver, so that metadata bound to different kinds
/// of database can be held together (see [`bind`](crate::db::bind)). `From` each sqlx pool.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Pool {
    /// A SQLite pool.
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    /// A PostgreSQL pool.
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
    /// A MySQL or MariaDB pool.
    #[cfg(feature = "mysql")]
    MySql(sqlx::MySqlPool),
}

macro_rules! pools {
    ($($feature:literal $variant:ident $pool:ty => $dialect:ident,)*) => {
        $(
            #[cfg(feature = $feature)]
            impl sealed::Sealed for $pool {
                fn pool(&self) -> PoolRef<'_> {
                    PoolRef::$variant(self)
                }
            }

            #[cfg(feature = $feature)]
            impl Database for $pool {
                fn dialect(&self) -> Dialect {
                    Dialect::$dialect
                }
            }

            #[cfg(feature = $feature)]
            impl From<$pool> for Pool {
                fn from(pool: $pool) -> Self {
                    Self::$variant(pool)
                }
            }
        )*

        impl sealed::Sealed for Pool {
            fn pool(&self) -> PoolRef<'_> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Self::$variant(pool) => PoolRef::$variant(pool),
                    )*
                }
            }
        }

        impl Database for Pool {
            fn dialect(&self) -> Dialect {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Self::$variant(_) => Dialect::$dialect,
                    )*
                }
            }
        }
    };
}

pools! {
    "sqlite" Sqlite sqlx::SqlitePool => Sqlite,
    "postgres" Postgres sqlx::PgPool => Postgres,
    "mysql" MySql sqlx::MySqlPool => MySql,
}

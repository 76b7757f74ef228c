//! Business operations. Handlers parse input into the domain types here and call these;
//! these talk to `db` through `db::run`, one unit of work each.

pub mod accounts;
pub mod organizations;

//! The status and kind enums as TEXT columns (feature `diesel`, used by the API only): rows
//! load already parsed, and a value the enum does not know fails the query loudly instead of
//! turning into a default. Generic over the backend, so the API's SQLite/PostgreSQL
//! `MultiConnection` uses them too.

/// Implements diesel's `ToSql`/`FromSql` for TEXT on enums with `as_str(self) -> &'static str`
/// and `parse(&str) -> Option<Self>` (derive `AsExpression` and `FromSqlRow` with
/// `sql_type = Text` beside it). `str_enum!` uses it for the shared enums declared `stored as
/// text`; exported so the API's own enums use the same mapping.
#[macro_export]
macro_rules! text_column {
    ($($ty:ty),* $(,)?) => {$(
        impl<DB: ::diesel::backend::Backend> ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>
            for $ty
        where
            str: ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, DB>,
            ) -> ::diesel::serialize::Result {
                <str as ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        impl<DB: ::diesel::backend::Backend>
            ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB> for $ty
        where
            String: ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> ::diesel::deserialize::Result<Self> {
                let text = <String as ::diesel::deserialize::FromSql<
                    ::diesel::sql_types::Text,
                    DB,
                >>::from_sql(bytes)?;
                <$ty>::parse(&text).ok_or_else(|| {
                    format!("{text:?} is not a {} value", stringify!($ty)).into()
                })
            }
        }
    )*};
}

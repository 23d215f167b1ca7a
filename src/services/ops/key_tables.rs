//! The sealed columns of the database (which tables and columns hold encrypted values, under
//! which contexts, and which blind indexes go with them), read in batches for re-keying, and
//! counted per key id for `peyvand keys status`.

use crate::crypto::Crypto;
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};
use serde::Serialize;
use std::collections::BTreeMap;

/// A sealed column: its name, the encryption contexts it may hold, and whether it is
/// stored as base64 text rather than bytes.
pub(super) struct Column {
    pub(super) name: &'static str,
    pub(super) contexts: &'static [&'static str],
    pub(super) text: bool,
}

const fn col(name: &'static str, contexts: &'static [&'static str]) -> Column {
    Column {
        name,
        contexts,
        text: false,
    }
}

/// What else a row's re-keying recomputes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Extra {
    None,
    /// `email_index`, `email_domain_index` from the sealed address.
    Signature,
    /// The indexes inside a sealed signing attempt.
    Attempt,
    /// `email_index` from the sealed address.
    Staff,
}

/// A table with sealed values.
pub(super) struct Table {
    pub(super) name: &'static str,
    pub(super) columns: &'static [Column],
    pub(super) extra: Extra,
}

/// The tables re-keyed in batches, in order.
pub(super) const TABLES: &[Table] = &[
    Table {
        name: "signatures",
        columns: &[
            col("name_enc", &["signature.name"]),
            col("email_enc", &["signature.email"]),
            col("city_enc", &["signature.city"]),
            col("letter_enc", &["signature.letter"]),
            col("news_token_enc", &["signature.news_token"]),
        ],
        extra: Extra::Signature,
    },
    Table {
        name: "edition_entries",
        columns: &[
            col("name_enc", &["signature.name"]),
            col("city_enc", &["signature.city"]),
            col("letter_enc", &["signature.letter"]),
        ],
        extra: Extra::None,
    },
    Table {
        name: "sign_attempts",
        columns: &[col("payload_enc", &["signature.attempt"])],
        extra: Extra::Attempt,
    },
    Table {
        name: "outbox",
        columns: &[
            col("recipient", &["outbox.recipient"]),
            col("payload", &["outbox.payload"]),
        ],
        extra: Extra::None,
    },
    Table {
        name: "staff",
        columns: &[
            col("email_enc", &["staff.email"]),
            col("totp_secret", &["staff.totp_secret"]),
        ],
        extra: Extra::Staff,
    },
    Table {
        name: "sought_persons",
        columns: &[col("data_enc", &["contact.sought"])],
        extra: Extra::None,
    },
    Table {
        name: "consents",
        columns: &[
            col("shared_detail_enc", &["contact.shared_detail"]),
            col("welfare_enc", &["contact.welfare"]),
        ],
        extra: Extra::None,
    },
    Table {
        name: "case_notes",
        columns: &[col("text_enc", &["contact.case_note"])],
        extra: Extra::None,
    },
    Table {
        name: "relay_messages",
        columns: &[col("body_enc", &["contact.relay"])],
        extra: Extra::None,
    },
    Table {
        name: "request_notices",
        columns: &[col(
            "body_enc",
            &["contact.shared_detail", "contact.welfare", "contact.relay"],
        )],
        extra: Extra::None,
    },
    Table {
        name: "invalidations",
        columns: &[Column {
            name: "rule",
            contexts: &["invalidation.rule"],
            text: true,
        }],
        extra: Extra::None,
    },
    Table {
        name: "letter_scans",
        columns: &[col("image_enc", &["signature.scan"])],
        extra: Extra::None,
    },
];

/// The contact side, re-keyed in one transaction (with the block lists).
pub(super) const CONTACT_TABLES: &[Table] = &[
    Table {
        name: "contact_requests",
        columns: &[
            col("requester_enc", &["contact.requester"]),
            col("message_enc", &["contact.message"]),
            col("hostile_note_enc", &["contact.note"]),
        ],
        extra: Extra::None,
    },
    Table {
        name: "registrations",
        columns: &[
            col("data_enc", &["contact.registration"]),
            col("rules_enc", &["contact.rules"]),
        ],
        extra: Extra::None,
    },
];

pub(super) fn ph(backend: DatabaseBackend, n: usize) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".into(),
    }
}

/// One row read for re-keying.
pub(super) struct Row {
    pub(super) id: i64,
    pub(super) sealed: Vec<Option<Vec<u8>>>,
    /// `email_index`, `email_domain_index` where the table has them.
    pub(super) indexes: Vec<String>,
}

pub(super) fn index_columns(t: &Table) -> &'static [&'static str] {
    match t.extra {
        Extra::Signature => &["email_index", "email_domain_index"],
        Extra::Staff => &["email_index"],
        _ if t.name == "contact_requests" || t.name == "registrations" => &["email_index"],
        _ => &[],
    }
}

pub(super) async fn read_rows(
    db: &impl ConnectionTrait,
    t: &Table,
    after: i64,
    limit: Option<u64>,
) -> Result<Vec<Row>, DbErr> {
    let backend = db.get_database_backend();
    let mut cols: Vec<String> = t.columns.iter().map(|c| c.name.to_owned()).collect();
    cols.extend(index_columns(t).iter().map(|c| (*c).to_owned()));
    let sql = format!(
        "SELECT CAST(id AS BIGINT) AS id, {} FROM {} WHERE id > {} ORDER BY id{}",
        cols.join(", "),
        t.name,
        ph(backend, 1),
        limit.map_or_else(String::new, |l| format!(" LIMIT {l}"))
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, [after.into()]))
        .await?;
    rows.iter()
        .map(|r| {
            let sealed = t
                .columns
                .iter()
                .map(|c| {
                    if c.text {
                        Ok(r.try_get::<Option<String>>("", c.name)?.and_then(|s| {
                            use base64::Engine;
                            base64::engine::general_purpose::STANDARD.decode(s).ok()
                        }))
                    } else {
                        r.try_get::<Option<Vec<u8>>>("", c.name)
                    }
                })
                .collect::<Result<Vec<_>, DbErr>>()?;
            let indexes = index_columns(t)
                .iter()
                .map(|c| r.try_get::<String>("", c))
                .collect::<Result<Vec<_>, DbErr>>()?;
            Ok(Row {
                id: r.try_get::<i64>("", "id")?,
                sealed,
                indexes,
            })
        })
        .collect()
}

/// Sealed values of one column by key id.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnStatus {
    /// `table.column`.
    pub column: String,
    /// Values per key id.
    pub by_key: BTreeMap<u8, u64>,
}

/// Counts sealed values per column and key id.
pub(super) async fn sealed_columns(db: &impl ConnectionTrait) -> Result<Vec<ColumnStatus>, DbErr> {
    let backend = db.get_database_backend();
    let mut columns = Vec::new();
    for t in CONTACT_TABLES.iter().chain(TABLES) {
        for c in t.columns {
            let mut by_key = BTreeMap::new();
            if c.text {
                for row in read_rows(db, t, 0, None).await? {
                    for s in row.sealed.iter().flatten() {
                        if let Some(k) = Crypto::sealed_key_id(s) {
                            *by_key.entry(k).or_insert(0) += 1;
                        }
                    }
                }
            } else {
                let key = match backend {
                    DatabaseBackend::Postgres => format!("CAST(get_byte({}, 1) AS BIGINT)", c.name),
                    _ => format!(
                        "CAST(unicode(CAST(substr({}, 2, 1) AS TEXT)) AS INTEGER)",
                        c.name
                    ),
                };
                let sql = format!(
                    "SELECT {key} AS k, COUNT(*) AS n FROM {t} WHERE {col} IS NOT NULL AND length({col}) > 1 GROUP BY 1",
                    t = t.name,
                    col = c.name
                );
                for r in db
                    .query_all_raw(Statement::from_string(backend, sql))
                    .await?
                {
                    let k = u8::try_from(r.try_get::<i64>("", "k")?).unwrap_or(0);
                    let n = u64::try_from(r.try_get::<i64>("", "n")?).unwrap_or(0);
                    *by_key.entry(k).or_insert(0) += n;
                }
            }
            columns.push(ColumnStatus {
                column: format!("{}.{}", t.name, c.name),
                by_key,
            });
        }
    }
    Ok(columns)
}

//! The group writer for signing: one task commits the waiting signing attempts and
//! confirmations together, one transaction a batch, and answers each request only once
//! its batch is committed.

use crate::context::AppContext;
use crate::domain::petitions::signature::SignatureState;
use crate::entities::{sign_attempt, signature};
use crate::error::AppError;
use crate::ids::SignatureId;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::sync::Arc;

/// Why a batch of writes failed: every request in it is told that nothing was stored.
#[derive(Debug, Clone)]
struct BatchFailed {
    /// A storage fault (full disk, I/O error, busy) rather than a bug.
    transient: bool,
    cause: String,
}

impl From<BatchFailed> for AppError {
    fn from(f: BatchFailed) -> Self {
        if f.transient {
            AppError::Unavailable(f.cause)
        } else {
            AppError::Internal(f.cause)
        }
    }
}

type Reply = tokio::sync::oneshot::Sender<Result<(), BatchFailed>>;

/// A write the batch writer carries out.
pub enum Job {
    /// A sealed signing attempt.
    Attempt(Box<sign_attempt::ActiveModel>),
    /// A confirmation of a pending signature.
    Confirm {
        /// The signature.
        id: SignatureId,
        /// When.
        at: DateTime<Utc>,
    },
}

/// Group commit for signing: one task takes every waiting attempt and confirmation (up to
/// [`BATCH`](SignWriter::BATCH)) and writes them in one transaction. Under a spike this
/// turns hundreds of small transactions into a few large ones; alone, a request waits for
/// nothing. A request is acknowledged only after its transaction commits; when a batch
/// fails (full disk, I/O error, even a panic), every request in it is told so and the
/// writer goes on with the next batch.
#[derive(Debug, Default)]
pub struct SignWriter {
    tx: std::sync::OnceLock<tokio::sync::mpsc::Sender<(Job, Reply)>>,
    /// Wakes the task that carries out acknowledged attempts.
    pub(super) attempts: Arc<tokio::sync::Notify>,
}

impl SignWriter {
    /// Most requests written in one transaction.
    pub const BATCH: usize = 128;

    fn sender(&self, ctx: &AppContext) -> tokio::sync::mpsc::Sender<(Job, Reply)> {
        self.tx
            .get_or_init(|| {
                let (tx, rx) = tokio::sync::mpsc::channel(4096);
                tokio::spawn(Self::run(ctx.clone(), rx));
                tx
            })
            .clone()
    }

    /// Writes `job` and returns once it is committed.
    pub(super) async fn submit(&self, ctx: &AppContext, job: Job) -> Result<(), AppError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let stopped = || AppError::Unavailable("signature writer stopped".into());
        self.sender(ctx)
            .send((job, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?.map_err(AppError::from)
    }

    async fn run(ctx: AppContext, mut rx: tokio::sync::mpsc::Receiver<(Job, Reply)>) {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < Self::BATCH {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            let (jobs, replies): (Vec<Job>, Vec<Reply>) = batch.into_iter().unzip();
            let received = jobs.iter().filter(|j| matches!(j, Job::Attempt(_))).count();
            let attempts = received > 0;
            // Its own task, so that a panic fails this batch and not the writer.
            let outcome = match tokio::spawn(Self::write(ctx.clone(), jobs)).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => {
                    log::error!("signature batch failed, nothing of it stored: {e}");
                    Err(BatchFailed {
                        transient: e.status_code() == 503,
                        cause: e.to_string(),
                    })
                }
                Err(e) => {
                    log::error!("signature batch panicked, nothing of it stored: {e}");
                    Err(BatchFailed {
                        transient: true,
                        cause: format!("signature batch panicked: {e}"),
                    })
                }
            };
            ctx.write_gate.health().record(outcome.is_ok());
            if outcome.is_ok() {
                crate::metrics::get()
                    .signatures
                    .inc_by(u64::try_from(received).unwrap_or(u64::MAX));
            }
            for reply in replies {
                let _ = reply.send(outcome.clone());
            }
            if attempts && outcome.is_ok() {
                ctx.runtime::<SignWriter>().attempts.notify_one();
            }
        }
    }

    /// One transaction for the batch.
    async fn write(ctx: AppContext, jobs: Vec<Job>) -> Result<(), AppError> {
        let txn = ctx.begin_write().await?;
        let mut attempts = Vec::new();
        for job in jobs {
            match job {
                Job::Attempt(row) => attempts.push(*row),
                Job::Confirm { id, at } => {
                    signature::Entity::update_many()
                        .col_expr(
                            signature::Column::State,
                            Expr::value(SignatureState::Verified),
                        )
                        .col_expr(signature::Column::VerifiedAt, Expr::value(at))
                        .filter(signature::Column::Id.eq(id))
                        .filter(signature::Column::State.eq(SignatureState::Pending))
                        .exec(&*txn)
                        .await?;
                }
            }
        }
        if !attempts.is_empty() {
            sign_attempt::Entity::insert_many(attempts)
                .exec(&*txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

//! What every service works with, built once at startup and shared by handlers and workers.

use std::sync::Arc;

use chrono::NaiveDateTime;

use super::sessions::AiEngine;
use crate::clock::Clock;
use crate::db::{self, DbConnection, DbPool};
use crate::errors::ApiError;
use crate::links::Links;
use crate::settings::Settings;

/// The database pool, absolute links, the AI engine and the clock.
#[derive(Clone)]
pub struct Context {
    pub pool: DbPool,
    pub links: Links,
    pub ai: Arc<AiEngine>,
    pub clock: Clock,
}

impl Context {
    /// The context the settings describe, on the system clock.
    pub fn new(pool: DbPool, settings: &Settings) -> anyhow::Result<Context> {
        Ok(Context {
            pool,
            links: settings.links(),
            ai: Arc::new(AiEngine::new(&settings.ai)?),
            clock: Clock::system(),
        })
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    /// Runs one unit of database work off the async executor (see [`db::run`]).
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        db::run(&self.pool, work).await
    }
}

//! Interview-room calls: ready page, session, answers, events, voice.

use super::Api;

#[allow(dead_code)]
impl Api {}

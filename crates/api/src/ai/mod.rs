//! The AI interviewer: question providers (offline `builtin`, any OpenAI-compatible LLM),
//! the evaluators, and speech (TTS/STT) clients. Everything here is free of database and
//! HTTP-server concerns: the session service feeds it context and stores what it returns.

pub mod builtin;
pub mod caps;
pub mod openai;

use futures_util::future::BoxFuture;
use interview_flow_shared::{Recommendation, TurnKind};

/// The job as the interviewer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobContext {
    pub title: String,
    pub description: String,
    pub required_skills: Vec<String>,
    pub company_name: String,
    /// BCP 47 tag, e.g. `en`.
    pub language: String,
}

/// The candidate as the interviewer sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateContext {
    pub full_name: String,
    /// Text extracted from the résumé, when there is one.
    pub resume_text: Option<String>,
}

/// One turn of the interview so far.
#[derive(Debug, Clone, PartialEq)]
pub struct TranscriptTurn {
    pub kind: TurnKind,
    /// The main question this turn belongs to (0 for the greeting; follow-ups share their
    /// main question's number; the closing has question_count + 1).
    pub main_number: u32,
    pub question: String,
    pub answer: Option<String>,
}

/// What to ask next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionRequest {
    /// Welcome the candidate, say how many main questions follow, and ask an opening
    /// question (e.g. to introduce themselves).
    Greeting { question_count: u32 },
    /// Main question `number` of `of` (1-based).
    Main { number: u32, of: u32 },
    /// Follow-up `index` (1 or 2) on main question `main_number`, picking up the last answer.
    FollowUp { main_number: u32, index: u32 },
    /// Thank the candidate and ask whether they have anything to add or ask.
    Closing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionContext {
    pub job: JobContext,
    pub candidate: CandidateContext,
    /// Every turn so far, oldest first (the last one is answered when a follow-up or the next
    /// question is requested).
    pub history: Vec<TranscriptTurn>,
    pub request: QuestionRequest,
    /// Stable per interview (derived from its id): the built-in provider is deterministic
    /// for a given interview.
    pub seed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("timed out after {0:?}")]
    Timeout(std::time::Duration),
    #[error("the server answered HTTP {status}: {detail}")]
    Status { status: u16, detail: String },
    #[error("malformed response: {0}")]
    Malformed(String),
    #[error("transport error: {0}")]
    Transport(String),
    #[error("unusable output: {0}")]
    Unusable(String),
}

/// Receives the question's text as it is produced (the whole text at once for providers that
/// do not stream).
pub type TokenSink<'a> = &'a mut (dyn FnMut(&str) + Send);

/// Something that writes the interviewer's next line.
pub trait QuestionProvider: Send + Sync {
    /// `builtin` or `openai`, recorded per turn.
    fn name(&self) -> &'static str;

    /// Produces exactly one question (cleaned, ready to show and speak), reporting text to
    /// `on_text` as it arrives.
    fn generate<'a>(
        &'a self,
        context: &'a QuestionContext,
        on_text: TokenSink<'a>,
    ) -> BoxFuture<'a, Result<String, ProviderError>>;
}

/// Why the interview ended; part of the evaluation's hard caps.
pub use crate::domain::interview::EndReason;

#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationTurn {
    /// Main question number (see [`TranscriptTurn::main_number`]).
    pub number: u32,
    pub kind: TurnKind,
    pub question: String,
    pub answer: Option<String>,
    /// How long the candidate took to answer.
    pub answer_seconds: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationInput {
    pub job: JobContext,
    pub candidate: CandidateContext,
    pub turns: Vec<EvaluationTurn>,
    pub end_reason: EndReason,
    pub question_count: u32,
}

/// The score of one turn (main and follow-up turns only).
#[derive(Debug, Clone, PartialEq)]
pub struct TurnScore {
    /// Index into `EvaluationInput::turns`.
    pub turn_index: usize,
    /// 1–5.
    pub score: u8,
    /// A verbatim excerpt of that turn's answer.
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// 0–100.
    pub overall: u8,
    pub recommendation: Recommendation,
    pub summary: String,
    /// `role_fit`, `depth`, `problem_solving`, `communication`, each 1.0–5.0.
    pub dimensions: Vec<(String, f32)>,
    pub turn_scores: Vec<TurnScore>,
    /// `builtin` or `llm`.
    pub evaluator: &'static str,
    /// Human-readable caps applied by [`caps::apply_caps`].
    pub caps: Vec<String>,
}

/// The four rubric dimensions, in report order.
pub const DIMENSIONS: [&str; 4] = ["role_fit", "depth", "problem_solving", "communication"];

/// A stable seed from an interview id.
pub fn seed_from(id: &str) -> u64 {
    // FNV-1a: stable across releases and platforms, unlike std's hasher.
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

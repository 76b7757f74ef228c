//! The candidate's live interview: session state, turns, answers, integrity events, and the
//! recruiter's evaluation report.

use serde::{Deserialize, Serialize};

use crate::interviews::InterviewStatus;

str_enum! {
    pub enum TurnKind stored as text {
        Greeting => "greeting",
        Main => "main",
        FollowUp => "follow_up",
        Closing => "closing",
    }
}

str_enum! {
    pub enum AnswerSource {
        Speech => "speech",
        Typed => "typed",
    }
}

str_enum! {
    /// Where speech comes from / goes to: the server's TTS/STT, or the browser's own APIs.
    pub enum VoiceMode {
        Server => "server",
        Browser => "browser",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoiceDto {
    pub tts: VoiceMode,
    pub stt: VoiceMode,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentQuestionDto {
    pub turn_id: String,
    pub text: String,
    pub kind: TurnKind,
    /// Server audio of the question when `voice.tts` is `server`.
    pub audio_url: Option<String>,
}

/// A question already answered (for the transcript shown on resume).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnsweredTurnDto {
    pub turn_id: String,
    pub kind: TurnKind,
    pub question: String,
    pub answer: String,
    pub source: AnswerSource,
}

/// The interview as it stands; the server is the only source of truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionDto {
    pub status: InterviewStatus,
    /// The main question being asked (1-based; 0 during the greeting; question_count during the closing).
    pub question_number: u32,
    pub question_count: u32,
    pub current_question: Option<CurrentQuestionDto>,
    /// Seconds left, counted by the server from its recorded start.
    pub remaining_seconds: u64,
    pub time_limit_seconds: u64,
    pub voice: VoiceDto,
    pub answered: Vec<AnsweredTurnDto>,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
}

/// `POST /api/v1/interviews/{id}/session`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartSessionRequest {
    /// The candidate agreed that an AI conducts and evaluates the interview. Required (true)
    /// to start; not needed to resume.
    #[serde(default)]
    pub consent: bool,
}

/// `POST /api/v1/interviews/{id}/answers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerRequest {
    pub turn_id: String,
    pub text: String,
    pub source: AnswerSource,
}

/// `POST /api/v1/interviews/{id}/end`: the candidate ends early.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndSessionRequest {
    /// An answer being written when ending, stored if the current turn has none.
    #[serde(default)]
    pub final_answer: Option<AnswerRequest>,
}

str_enum! {
    pub enum IntegrityEventKind {
        TabHidden => "tab_hidden",
        WindowBlur => "window_blur",
        FullscreenExit => "fullscreen_exit",
        Paste => "paste",
        CameraLost => "camera_lost",
        MicrophoneLost => "microphone_lost",
    }
}

/// `POST /api/v1/interviews/{id}/events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntegrityEventRequest {
    pub kind: IntegrityEventKind,
    /// When it happened in the browser (RFC 3339); the server also records its own time.
    #[serde(default)]
    pub at: Option<String>,
    /// Short detail, e.g. the number of characters pasted.
    #[serde(default)]
    pub detail: Option<String>,
}

/// `POST /api/v1/interviews/{id}/transcriptions` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranscriptionDto {
    pub text: String,
}

str_enum! {
    pub enum Recommendation {
        StrongYes => "strong_yes",
        Yes => "yes",
        Maybe => "maybe",
        No => "no",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DimensionScoreDto {
    /// `role_fit`, `depth`, `problem_solving` or `communication`.
    pub name: String,
    /// 1–5.
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionScoreDto {
    /// Main question number (follow-ups share their main question's number).
    pub number: u32,
    pub kind: TurnKind,
    pub question: String,
    pub answer: Option<String>,
    pub answer_source: Option<AnswerSource>,
    pub answer_seconds: Option<u32>,
    /// 1–5; null for unanswered or unscored turns (greeting, closing).
    pub score: Option<u8>,
    /// A verbatim excerpt of the answer that supports the score.
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntegrityFlagDto {
    pub kind: String,
    pub at: String,
    pub detail: Option<String>,
}

str_enum! {
    /// The Server-Sent Events of a streamed `POST /session` or `POST /answers`
    /// (`Accept: text/event-stream`): any number of `token` events (a [`QuestionToken`]
    /// each), `reset` when the pieces so far must be forgotten (the provider failed mid-way
    /// and another one starts over), and one final `session` ([`SessionDto`]) or `error`
    /// ([`crate::ErrorBody`]).
    pub enum SessionStreamEvent {
        Token => "token",
        Reset => "reset",
        Session => "session",
        Error => "error",
    }
}

/// The data of a `token` event: the next piece of the question being generated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionToken {
    pub text: String,
}

str_enum! {
    /// Where the evaluation of a finished interview is.
    pub enum EvaluationStatus stored as text {
        /// The interview has not finished.
        NotStarted => "not_started",
        /// Queued for the evaluator.
        Pending => "pending",
        /// An evaluator is working on it.
        Running => "running",
        Ready => "ready",
        /// Every attempt failed; the transcript is still there.
        Failed => "failed",
    }
}

impl EvaluationStatus {
    /// Queued or running: a report page keeps polling.
    pub fn is_in_progress(self) -> bool {
        matches!(self, Self::Pending | Self::Running)
    }
}

/// `GET /api/v1/interviews/{id}/report`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDto {
    pub interview_id: String,
    pub status: InterviewStatus,
    /// `pending`/`running` while the evaluation runs, then `ready` (or `failed`).
    pub evaluation_status: EvaluationStatus,
    /// 0–100.
    pub overall_score: Option<u8>,
    pub recommendation: Option<Recommendation>,
    pub summary: Option<String>,
    pub dimensions: Vec<DimensionScoreDto>,
    pub questions: Vec<QuestionScoreDto>,
    /// The first page of integrity events, oldest first; the rest via
    /// `GET /api/v1/interviews/{id}/integrity-events?cursor=…`.
    pub integrity_events: Vec<IntegrityFlagDto>,
    /// All integrity events received, including those beyond the stored maximum (500),
    /// which are only counted.
    #[serde(default)]
    pub integrity_events_total: u64,
    /// Cursor of the next page of stored integrity events, if any.
    #[serde(default)]
    pub integrity_events_next_cursor: Option<String>,
    /// `builtin` (heuristic) or `llm`.
    pub evaluator: Option<String>,
    /// Caps applied in code (e.g. "no answers: at most 20").
    pub caps: Vec<String>,
    pub candidate_name: String,
    pub job_title: String,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
}

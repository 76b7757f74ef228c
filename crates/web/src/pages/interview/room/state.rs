//! The room's reactive state, grouped by concern. Each group is a Copy struct of signals,
//! provided by the room under its own context newtype (so two groups never collide) and
//! read by the parts that show it through `use_media()`, `use_speech()`, … .

use interview_flow_shared::{InterviewReadyDto, InterviewStatus, SessionDto, TurnKind, VoiceMode};
use leptos::prelude::*;

use crate::pages::interview::media::{self, Capabilities};

/// Camera and microphone as the room shows them; the tracks live in `Handles`.
#[derive(Clone, Copy)]
pub(super) struct MediaState {
    pub caps: Capabilities,
    /// No camera or microphone: read the questions, type the answers.
    pub text_only: RwSignal<bool>,
    pub has_stream: RwSignal<bool>,
    /// Bumped when the stream is attached or dropped, so the self-view re-binds.
    pub stream_version: RwSignal<u32>,
    pub muted: RwSignal<bool>,
    pub camera_off: RwSignal<bool>,
    pub notice: RwSignal<Option<String>>,
}

/// The interviewer's voice out and the candidate's voice in.
#[derive(Clone, Copy)]
pub(super) struct SpeechState {
    pub caption: RwSignal<String>,
    pub ai_speaking: RwSignal<bool>,
    /// The next question is being streamed in.
    pub streaming: RwSignal<bool>,
    /// Recognised words not yet final.
    pub interim: RwSignal<String>,
    pub notice: RwSignal<Option<String>>,
    pub recording: RwSignal<bool>,
    pub transcribing: RwSignal<bool>,
    /// The server said it cannot transcribe: offer typing only.
    pub server_stt_off: RwSignal<bool>,
}

/// The answer being written for the current question.
#[derive(Clone, Copy)]
pub(super) struct AnswerState {
    pub draft: RwSignal<String>,
    pub used_speech: RwSignal<bool>,
    pub sending: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    pub auto_send: RwSignal<bool>,
}

/// Where the interview is: the server's session, the details, the clock.
#[derive(Clone, Copy)]
pub(super) struct ProgressState {
    pub details: RwSignal<Option<InterviewReadyDto>>,
    /// The server's view of the interview (the only source of truth).
    pub session: RwSignal<Option<SessionDto>>,
    /// When the time runs out, in `Date.now()` milliseconds.
    pub deadline: RwSignal<f64>,
    pub now: RwSignal<f64>,
    pub finished: RwSignal<bool>,
}

/// Loading the room, and sends that are being retried.
#[derive(Clone, Copy)]
pub(super) struct ConnectionState {
    pub loaded: RwSignal<bool>,
    pub load_error: RwSignal<Option<String>>,
    pub reconnecting: RwSignal<bool>,
}

/// Ending the interview early: the confirmation and the request.
#[derive(Clone, Copy)]
pub(super) struct EndState {
    pub confirming: RwSignal<bool>,
    pub ending: RwSignal<bool>,
}

impl MediaState {
    pub(super) fn new(text_mode: bool) -> Self {
        let caps = media::capabilities();
        Self {
            caps,
            text_only: RwSignal::new(text_mode || !caps.media_devices),
            has_stream: RwSignal::new(false),
            stream_version: RwSignal::new(0),
            muted: RwSignal::new(false),
            camera_off: RwSignal::new(false),
            notice: RwSignal::new(None),
        }
    }
}

impl SpeechState {
    pub(super) fn new() -> Self {
        Self {
            caption: RwSignal::new(String::new()),
            ai_speaking: RwSignal::new(false),
            streaming: RwSignal::new(false),
            interim: RwSignal::new(String::new()),
            notice: RwSignal::new(None),
            recording: RwSignal::new(false),
            transcribing: RwSignal::new(false),
            server_stt_off: RwSignal::new(false),
        }
    }
}

impl AnswerState {
    pub(super) fn new() -> Self {
        Self {
            draft: RwSignal::new(String::new()),
            used_speech: RwSignal::new(false),
            sending: RwSignal::new(false),
            error: RwSignal::new(None),
            auto_send: RwSignal::new(false),
        }
    }
}

impl ProgressState {
    pub(super) fn new() -> Self {
        Self {
            details: RwSignal::new(None),
            session: RwSignal::new(None),
            deadline: RwSignal::new(0.0),
            now: RwSignal::new(media::now_ms()),
            finished: RwSignal::new(false),
        }
    }

    pub(super) fn company(self) -> String {
        self.details
            .with(|r| r.as_ref().map(|r| r.company.name.clone()))
            .unwrap_or_else(|| "the company".to_string())
    }

    pub(super) fn in_progress_untracked(self) -> bool {
        self.session.with_untracked(|s| {
            s.as_ref()
                .is_some_and(|s| s.status == InterviewStatus::InProgress)
        })
    }

    /// How the server transcribes answers (tracked), once the session is known.
    pub(super) fn stt(self) -> Option<VoiceMode> {
        self.session.with(|s| s.as_ref().map(|s| s.voice.stt))
    }

    /// "Question 2 of 5", "Introduction", … .
    pub(super) fn label(self) -> String {
        self.session.with(|s| {
            s.as_ref()
                .map(|s| match s.current_question.as_ref().map(|q| q.kind) {
                    Some(TurnKind::Greeting) => "Introduction".to_string(),
                    Some(TurnKind::Closing) => "Wrapping up".to_string(),
                    _ if s.status != InterviewStatus::InProgress => "Finished".to_string(),
                    _ => format!(
                        "Question {} of {}",
                        s.question_number.clamp(1, s.question_count.max(1)),
                        s.question_count
                    ),
                })
                .unwrap_or_default()
        })
    }

    pub(super) fn follow_up(self) -> bool {
        self.session.with(|s| {
            s.as_ref()
                .and_then(|s| s.current_question.as_ref())
                .is_some_and(|q| q.kind == TurnKind::FollowUp)
        })
    }

    fn remaining(self) -> u64 {
        ((self.deadline.get() - self.now.get()) / 1000.0)
            .ceil()
            .max(0.0) as u64
    }

    pub(super) fn timer_text(self) -> String {
        if self.session.with(Option::is_none) {
            "--:--".to_string()
        } else if self.finished.get() {
            media::mm_ss(0)
        } else {
            media::mm_ss(self.remaining())
        }
    }

    pub(super) fn low_time(self) -> bool {
        self.session.with(Option::is_some) && !self.finished.get() && self.remaining() < 120
    }
}

impl ConnectionState {
    pub(super) fn new() -> Self {
        Self {
            loaded: RwSignal::new(false),
            load_error: RwSignal::new(None),
            reconnecting: RwSignal::new(false),
        }
    }
}

impl EndState {
    pub(super) fn new() -> Self {
        Self {
            confirming: RwSignal::new(false),
            ending: RwSignal::new(false),
        }
    }
}

/// All of the room's state; `provide` puts each group into context.
#[derive(Clone, Copy)]
pub(super) struct RoomState {
    pub media: MediaState,
    pub speech: SpeechState,
    pub answer: AnswerState,
    pub progress: ProgressState,
    pub connection: ConnectionState,
    pub end: EndState,
}

impl RoomState {
    pub(super) fn new(text_mode: bool) -> Self {
        Self {
            media: MediaState::new(text_mode),
            speech: SpeechState::new(),
            answer: AnswerState::new(),
            progress: ProgressState::new(),
            connection: ConnectionState::new(),
            end: EndState::new(),
        }
    }

    pub(super) fn provide(self) {
        provide_context(MediaContext(self.media));
        provide_context(SpeechContext(self.speech));
        provide_context(AnswerContext(self.answer));
        provide_context(ProgressContext(self.progress));
        provide_context(ConnectionContext(self.connection));
        provide_context(EndContext(self.end));
    }
}

/// Defines a context newtype and its `use_…()` reader. A missing context is a bug in the
/// room's tree: it is logged and answered with fresh, unconnected state instead of a panic.
macro_rules! room_context {
    ($context:ident, $state:ident, $reader:ident, $($fresh:tt)*) => {
        #[derive(Clone, Copy)]
        struct $context($state);

        pub(super) fn $reader() -> $state {
            use_context::<$context>().map(|c| c.0).unwrap_or_else(|| {
                leptos::logging::error!(concat!(stringify!($state), " missing: provide it from the room"));
                $($fresh)*
            })
        }
    };
}

room_context!(MediaContext, MediaState, use_media, MediaState::new(true));
room_context!(SpeechContext, SpeechState, use_speech, SpeechState::new());
room_context!(AnswerContext, AnswerState, use_answer, AnswerState::new());
room_context!(
    ProgressContext,
    ProgressState,
    use_progress,
    ProgressState::new()
);
room_context!(
    ConnectionContext,
    ConnectionState,
    use_connection,
    ConnectionState::new()
);
room_context!(EndContext, EndState, use_end, EndState::new());

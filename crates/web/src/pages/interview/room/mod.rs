//! `/interview/start/{id}` (`?mode=text` for text-only): the interview room, laid out
//! like a video call. The AI interviewer's tile and captions show each question (streamed
//! as it is generated, then spoken); the candidate answers by voice (browser speech
//! recognition, or a recording transcribed by the server) or by typing, corrects the text
//! and presses **Done answering**.
//!
//! Answers are never lost: the draft is saved in localStorage (per interview and turn) on
//! every change and only removed once the server confirmed it; failed sends are retried
//! with back-off and the same `turn_id` (the server is idempotent on it).
//!
//! The state is grouped in `state.rs` (provided as context), the browser handles live in
//! `handles.rs`, and one `RoomController` (`controller.rs`, `voice.rs`, `devices.rs`) talks
//! to the API; the parts of the page show state and report intents through callbacks.

mod answer_box;
mod controller;
mod controls;
mod devices;
mod handles;
mod modals;
mod sending;
mod stage;
mod state;
mod storage;
mod top_bar;
mod voice;

use interview_flow_shared::IntegrityEventKind;
use leptos::html::Video;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::CandidateGate;
use crate::brand::brand_style;
use crate::components::{FullPageLoading, set_title};
use answer_box::AnswerBox;
use controller::RoomController;
use controls::CallControls;
use modals::{CompletionDialog, EndConfirmDialog};
use stage::{Captions, ParticipantTiles};
use state::RoomState;
use top_bar::{ConnectionBanners, RoomTopBar};

#[component]
pub fn InterviewRoom() -> impl IntoView {
    set_title("Interview");
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let text_mode = query.with_untracked(|q| q.get("mode").as_deref() == Some("text"));
    view! {
        <CandidateGate>
            {move || view! { <Room id=id.get() text_mode=text_mode /> }}
        </CandidateGate>
    }
}

#[component]
fn Room(id: String, text_mode: bool) -> impl IntoView {
    let state = RoomState::new(text_mode);
    state.provide();
    let ctl = RoomController::new(id.clone(), state);
    ctl.start();
    let video_ref = NodeRef::<Video>::new();
    ctl.bind_self_view(video_ref);

    let on_repeat = Callback::new(move |()| ctl.repeat_question());
    let on_input = Callback::new(move |value: String| ctl.typed(value));
    let on_paste = Callback::new(move |chars: usize| {
        ctl.report(
            IntegrityEventKind::Paste,
            Some(format!("{chars} characters")),
        );
    });
    let on_submit = Callback::new(move |()| ctl.submit());
    let on_toggle_recording = Callback::new(move |()| ctl.toggle_recording());
    let on_toggle_mic = Callback::new(move |()| ctl.toggle_mute());
    let on_toggle_camera = Callback::new(move |()| ctl.toggle_camera());
    let on_end = Callback::new(move |()| state.end.confirming.set(true));
    let on_confirm_end = Callback::new(move |()| ctl.end_interview());

    let RoomState {
        progress,
        connection,
        end,
        ..
    } = state;
    let style = move || {
        progress
            .details
            .with(|r| r.as_ref().and_then(|r| brand_style(&r.company.brand_color)))
    };
    let modal_open = move || progress.finished.get() || end.confirming.get();

    view! {
        <Show
            when=move || connection.loaded.get() || connection.load_error.with(Option::is_some)
            fallback=|| view! { <FullPageLoading label="Joining your interview…" /> }
        >
            <div class="iv-room" style=style>
                <div class="iv-room-body" inert=modal_open>
                    <RoomTopBar />
                    <ConnectionBanners />
                    <main class="iv-stage" id="main" tabindex="-1">
                        <h1 class="visually-hidden">"Interview"</h1>
                        <ParticipantTiles video_ref=video_ref />
                        <Captions on_repeat=on_repeat />
                        <AnswerBox
                            on_input=on_input
                            on_paste=on_paste
                            on_submit=on_submit
                            on_toggle_recording=on_toggle_recording
                        />
                    </main>
                    <CallControls
                        on_toggle_mic=on_toggle_mic
                        on_toggle_camera=on_toggle_camera
                        on_end=on_end
                    />
                </div>
                <EndConfirmDialog on_confirm=on_confirm_end />
                <CompletionDialog interview_id=id.clone() />
            </div>
        </Show>
    }
}

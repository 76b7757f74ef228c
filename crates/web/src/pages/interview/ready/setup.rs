//! The ready page proper: the interview's details, the countdown until it opens, the
//! system check and the start. The check's camera and microphone are released when the
//! page goes away.

use std::rc::Rc;

use interview_flow_shared::{InterviewReadyDto, InterviewStatus, WindowState};
use leptos::prelude::*;

use super::check::{CheckHandles, CheckMedia, CheckStatus, SystemCheck, resume_audio};
use super::details::InterviewDetails;
use super::start::{OpensSoon, StartSection};
use crate::pages::interview::media::{self, Listener};

#[component]
pub(super) fn ReadyMain(
    id: String,
    details: Memo<Option<InterviewReadyDto>>,
    reload: Callback<()>,
) -> impl IntoView {
    let caps = media::capabilities();
    let status = CheckStatus::new();
    let handles: CheckHandles = StoredValue::new_local(Rc::new(CheckMedia::default()));

    // Stop the camera when leaving the page (route change or closing the tab).
    on_cleanup(move || {
        handles.try_with_value(|m| {
            m.stop();
            m.listeners.borrow_mut().clear();
        });
    });
    if let Some(window) = web_sys::window() {
        let listener = Listener::new(&window, "pagehide", move |_| {
            handles.try_with_value(|m| m.stop());
        });
        handles.with_value(|m| m.listeners.borrow_mut().push(listener));
    }
    let release_devices = Callback::new(move |()| {
        handles.try_with_value(|m| m.stop());
    });

    let is_open = Memo::new(move |_| {
        details.with(|d| {
            d.as_ref().is_some_and(|d| {
                d.window.state == WindowState::Open || d.status == InterviewStatus::InProgress
            })
        })
    });

    view! {
        <div class="iv-ready" on:click=move |_| {
            if status.meter_suspended.get_untracked() {
                resume_audio(handles, status.meter_suspended);
            }
        }>
            {move || details.get().map(|d| view! { <InterviewDetails details=d /> })}

            {move || (!is_open.get()).then(|| view! { <OpensSoon details=details reload=reload /> })}

            <SystemCheck status=status handles=handles caps=caps details=details />

            <StartSection
                id=id.clone()
                details=details
                reload=reload
                status=status
                is_open=is_open
                release_devices=release_devices
            />
        </div>
    }
}

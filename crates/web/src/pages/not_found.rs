//! The page for client routes that do not exist.

use leptos::prelude::*;

use crate::components::{AuthPage, set_title};
use crate::routes;
use crate::session::use_session;

#[component]
pub fn NotFound() -> impl IntoView {
    let session = use_session();
    set_title("Page not found");
    let target = move || {
        if session.is_link_session() {
            (session.home(), "Back to your interview")
        } else if session.is_signed_in() {
            (session.home(), "Go to your dashboard")
        } else {
            (routes::HOME.to_string(), "Go to the home page")
        }
    };

    view! {
        <AuthPage>
            <h1>"Page not found"</h1>
            <p class="muted">
                "There is no page at this address. It may have moved, or the link may be mistyped."
            </p>
            <a class="btn btn-primary" href=move || target().0>
                {move || target().1}
            </a>
        </AuthPage>
    }
}

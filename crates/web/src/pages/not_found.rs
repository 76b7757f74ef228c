//! The page for client routes that do not exist.

use leptos::prelude::*;

use crate::components::{BrandLink, set_title};
use crate::routes;
use crate::session::use_session;

#[component]
pub fn NotFound() -> impl IntoView {
    let session = use_session();
    set_title("Page not found");
    let target = move || match session.role() {
        Some(role) => (routes::home_for(role), "Go to your dashboard"),
        None => (routes::HOME, "Go to the home page"),
    };

    view! {
        <div class="auth-page">
            <BrandLink />
            <main class="card auth-card" id="main">
                <h1>"Page not found"</h1>
                <p class="muted">
                    "There is no page at this address. It may have moved, or the link may be mistyped."
                </p>
                <a class="btn btn-primary" href=move || target().0>
                    {move || target().1}
                </a>
            </main>
        </div>
    }
}

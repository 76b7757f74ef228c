//! `/`: signed-in users go to their home; everyone else sees what the product is.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::{BrandLink, FullPageLoading, SignInLink, set_title};
use crate::routes;
use crate::session::use_session;

#[component]
pub fn Landing() -> impl IntoView {
    let session = use_session();
    set_title("AI interviews for hiring teams");

    move || {
        if session.is_restoring() {
            view! { <FullPageLoading /> }.into_any()
        } else if session.is_signed_in() {
            view! { <Redirect path=session.home() options=routes::replace() /> }.into_any()
        } else {
            view! { <LandingContent /> }.into_any()
        }
    }
}

#[component]
fn LandingContent() -> impl IntoView {
    view! {
        <div class="landing">
            <header class="landing-header">
                <BrandLink />
                <span class="topbar-spacer"></span>
                <SignInLink />
            </header>
            <main id="main">
                <section class="hero" aria-labelledby="hero-title">
                    <h1 id="hero-title">"First-round interviews, run by AI, reviewed by you."</h1>
                    <p class="lead">
                        "Interview Flow lets recruiters invite candidates to a structured interview with an AI interviewer, then review the answers and a summary when it suits them."
                    </p>
                    <div class="btn-row">
                        <a class="btn btn-primary" href=routes::SIGN_UP>"Create an account"</a>
                        <SignInLink class="btn btn-secondary" />
                    </div>
                </section>
                <section class="features" aria-label="How it works">
                    <div class="card">
                        <h2 class="card-title">"For recruiters"</h2>
                        <p class="muted">
                            "Set up your organisation with its own branding and invite candidates to interview."
                        </p>
                    </div>
                    <div class="card">
                        <h2 class="card-title">"For candidates"</h2>
                        <p class="muted">
                            "Interview from your browser at a time that suits you, by voice or by typing."
                        </p>
                    </div>
                </section>
            </main>
        </div>
    }
}

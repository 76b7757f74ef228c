//! The app's chrome, shared by every page that has it: the brand link, the top bar frame
//! of the signed-in and public pages, the account pages' card layout, and the sign-in and
//! sign-out buttons.

use leptos::prelude::*;

use super::ActionButton;
use crate::routes;
use crate::session::use_session;

/// The product mark and name, linking home (`/` unless told).
#[component]
pub fn BrandLink(#[prop(into, optional)] href: Option<Signal<String>>) -> impl IntoView {
    let href = move || href.map_or_else(|| "/".to_string(), |h| h.get());
    view! {
        <a class="brand" href=href>
            <span class="brand-mark" aria-hidden="true">"IF"</span>
            <span class="brand-text">"Interview Flow"</span>
        </a>
    }
}

/// An account page (sign-in, sign-up, password, link pages): the brand, the page in one card
/// as `<main id="main">`, and a `footer` line under the card.
#[component]
pub fn AuthPage(
    children: Children,
    /// The content of the `auth-footer` paragraph, if any.
    #[prop(optional, into)]
    footer: Option<ViewFn>,
) -> impl IntoView {
    view! {
        <div class="auth-page">
            <BrandLink />
            <main class="card auth-card" id="main">
                {children()}
            </main>
            {footer.map(|footer| view! { <p class="auth-footer">{footer.run()}</p> })}
        </div>
    }
}

/// A page with the top bar: skip link, the brand (linking to the user's home), what the
/// page puts in the bar after it, and the page itself in `<main id="main">`.
#[component]
pub fn AppFrame(
    /// The organisation's brand colours, if any.
    #[prop(into)]
    style: Signal<Option<String>>,
    /// The rest of the top bar: navigation, the user, signing in or out.
    #[prop(into)]
    top_bar: ViewFn,
    children: Children,
) -> impl IntoView {
    let session = use_session();
    let home = Signal::derive(move || session.home());
    view! {
        <div class="app" style=move || style.get()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <BrandLink href=home />
                {top_bar.run()}
            </header>
            <main class="main" id="main" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// "Sign in" as a link styled as a button; with `return_here`, signing in comes back to
/// this page.
#[component]
pub fn SignInLink(
    #[prop(default = "btn btn-secondary btn-sm")] class: &'static str,
    #[prop(optional)] return_here: bool,
) -> impl IntoView {
    let href = if return_here {
        routes::sign_in_with_next(&routes::current_path())
    } else {
        routes::SIGN_IN.to_string()
    };
    view! { <a class=class href=href>"Sign in"</a> }
}

/// Signs out (then the session goes to `/signin`); disabled while it runs.
#[component]
pub fn SignOutButton(
    #[prop(default = "btn btn-secondary btn-sm")] class: &'static str,
    #[prop(default = "Sign out")] label: &'static str,
    /// Shown instead of `label` while signing out.
    #[prop(optional)]
    pending_label: Option<&'static str>,
) -> impl IntoView {
    let session = use_session();
    let sign_out = Action::new_local(move |_: &()| session.sign_out());
    let pending = sign_out.pending();
    view! {
        <ActionButton
            class=class
            pending=pending
            label=label
            pending_label=pending_label.unwrap_or(label)
            on_click=move |()| {
                sign_out.dispatch(());
            }
        />
    }
}

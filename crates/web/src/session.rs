//! In-memory authentication state, provided as context by the app root.
//!
//! The access token lives only in memory (never in localStorage); a reload restores the
//! session through the httpOnly refresh cookie (`POST /auth/refresh`, then `GET /me`).

use std::rc::Rc;

use interview_flow_shared::{AuthResponse, Role, UserDto};
use leptos::prelude::*;

use crate::api::Api;
use crate::routes;

type Navigator = Rc<dyn Fn(&str)>;

/// Cheap-to-copy handle on the session signals.
#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<String>>,
    user: RwSignal<Option<UserDto>>,
    /// True until the start-up restore (refresh + /me) has finished.
    restoring: RwSignal<bool>,
    /// Set when the start-up restore could not reach the server (not "signed out").
    restore_error: RwSignal<Option<String>>,
    /// True while one `POST /auth/refresh` is in flight (shared by concurrent 401s).
    refreshing: RwSignal<bool>,
    /// True after the user pressed "Sign out": guards then send them to `/signin`
    /// without a `next` back to the page they left.
    signed_out: RwSignal<bool>,
    /// Client-side navigation, installed by the router once it exists.
    navigate: StoredValue<Navigator, LocalStorage>,
}

impl Session {
    fn new() -> Self {
        let fallback: Navigator = Rc::new(|path: &str| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href(path);
            }
        });
        Self {
            token: RwSignal::new(None),
            user: RwSignal::new(None),
            restoring: RwSignal::new(true),
            restore_error: RwSignal::new(None),
            refreshing: RwSignal::new(false),
            signed_out: RwSignal::new(false),
            navigate: StoredValue::new_local(fallback),
        }
    }

    /// Creates the session and provides it as context.
    pub fn provide() -> Self {
        let session = Self::new();
        provide_context(session);
        session
    }

    /// Lets the session navigate with the router (call inside `<Router>`).
    pub fn set_navigator(&self, navigate: impl Fn(&str) + 'static) {
        self.navigate.set_value(Rc::new(navigate));
    }

    fn go(&self, path: &str) {
        let navigate = self.navigate.get_value();
        navigate(path);
    }

    // ---- reads (tracked unless named otherwise) ----

    pub fn user(&self) -> Option<UserDto> {
        self.user.get()
    }

    pub fn role(&self) -> Option<Role> {
        self.user.with(|u| u.as_ref().map(|u| u.role))
    }

    /// True for a session from an emailed interview link: it opens only that interview.
    pub fn is_link_session(&self) -> bool {
        self.user
            .with(|u| u.as_ref().is_some_and(|u| u.link_interview_id.is_some()))
    }

    /// Where the signed-in user belongs (see [`routes::home_for_user`]); `/` when signed out.
    pub fn home(&self) -> String {
        self.user.with(|u| {
            u.as_ref()
                .map(routes::home_for_user)
                .unwrap_or_else(|| routes::HOME.to_string())
        })
    }

    pub fn is_signed_in(&self) -> bool {
        self.user.with(Option::is_some)
    }

    pub fn is_restoring(&self) -> bool {
        self.restoring.get()
    }

    pub fn signed_out_deliberately(&self) -> bool {
        self.signed_out.get()
    }

    pub(crate) fn token_untracked(&self) -> Option<String> {
        self.token.get_untracked()
    }

    pub(crate) fn set_token(&self, token: Option<String>) {
        self.token.set(token);
    }

    pub(crate) fn is_refreshing(&self) -> bool {
        self.refreshing.get_untracked()
    }

    pub(crate) fn set_refreshing(&self, value: bool) {
        self.refreshing.set(value);
    }

    // ---- transitions ----

    /// Start-up: try the refresh cookie; if it works, load the user. A 401 means
    /// "signed out"; a network or server failure is kept in [`Self::restore_error`] so
    /// guarded pages can offer a retry instead of a sign-in form.
    pub async fn restore(self) {
        self.restoring.set(true);
        self.restore_error.set(None);
        let api = Api::new(self);
        match api.refresh().await {
            Ok(refreshed) => {
                self.token.set(Some(refreshed.access_token));
                match api.me().await {
                    Ok(user) => self.user.set(Some(user)),
                    Err(err) => {
                        self.token.set(None);
                        if !matches!(err.status(), Some(401 | 403)) {
                            self.restore_error.set(Some(err.message()));
                        }
                    }
                }
            }
            Err(err) => {
                if !matches!(err.status(), Some(400 | 401 | 403)) {
                    self.restore_error.set(Some(err.message()));
                }
            }
        }
        self.restoring.set(false);
    }

    /// Why the start-up restore failed, when it was not simply "signed out".
    pub fn restore_error(&self) -> Option<String> {
        self.restore_error.get()
    }

    /// After register or login.
    pub fn sign_in(&self, auth: AuthResponse) {
        self.signed_out.set(false);
        self.restore_error.set(None);
        self.token.set(Some(auth.access_token));
        self.user.set(Some(auth.user));
        self.restoring.set(false);
    }

    /// Replaces the cached user (e.g. after a profile or organisation change).
    pub fn set_user(&self, user: UserDto) {
        self.user.set(Some(user));
    }

    /// "Sign out": revokes the refresh token, forgets everything, goes to `/signin`.
    pub async fn sign_out(self) {
        // Even if the server cannot be reached, forget the session locally.
        let _ = Api::new(self).logout().await;
        self.signed_out.set(true);
        self.clear();
        self.go(routes::SIGN_IN);
    }

    /// The session could not be renewed: forget it and ask the user to sign in again,
    /// coming back to where they were.
    pub fn expire(&self) {
        let was_signed_in = self.user.get_untracked().is_some();
        self.clear();
        if was_signed_in && !self.restoring.get_untracked() {
            self.go(&routes::sign_in_with_next(&routes::current_path()));
        }
    }

    /// Records that the signed-in user's address is now proven (keeps the session's scope).
    pub fn mark_email_verified(&self, user_id: &str) {
        self.user.update(|u| {
            if let Some(u) = u.as_mut().filter(|u| u.id == user_id) {
                u.email_verified = true;
            }
        });
    }

    fn clear(&self) {
        self.token.set(None);
        self.user.set(None);
    }
}

/// The session provided by the app root.
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| {
        leptos::logging::error!("Session context missing: the app root must provide it");
        Session::new()
    })
}

/// Human name of a role.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Recruiter => "Recruiter",
        Role::Candidate => "Candidate",
    }
}

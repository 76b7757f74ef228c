//! `/signup`: create a recruiter (with an organisation) or a candidate account.

use interview_flow_shared::validation::{
    MIN_PASSWORD_LEN, validate_company_name, validate_full_name, validate_password,
};
use interview_flow_shared::{RegisterRequest, Role};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{ApiError, use_api};
use crate::components::{
    AuthPage, Choice, EmailField, ErrorAlert, SubmitButton, TextField, begin_submit, check_email,
    focus_id, keep, set_title, show_at, show_at_or_alert,
};
use crate::pages::signin::leave_once_signed_in;
use crate::routes;
use crate::session::use_session;

const NAME_ID: &str = "signup-full-name";
const EMAIL_ID: &str = "signup-email";
const PASSWORD_ID: &str = "signup-password";
const ROLE_ID: &str = "signup-role-recruiter";
const COMPANY_ID: &str = "signup-company";

/// The form's fields and their inline errors.
#[derive(Clone, Copy)]
struct Form {
    full_name: RwSignal<String>,
    email: RwSignal<String>,
    password: RwSignal<String>,
    role: RwSignal<Option<Role>>,
    company: RwSignal<String>,
    full_name_error: RwSignal<Option<String>>,
    email_error: RwSignal<Option<String>>,
    password_error: RwSignal<Option<String>>,
    role_error: RwSignal<Option<String>>,
    company_error: RwSignal<Option<String>>,
    /// The email belongs to an existing account (409): offer the sign-in link.
    email_taken: RwSignal<bool>,
    form_error: RwSignal<Option<String>>,
}

impl Form {
    fn new() -> Self {
        Self {
            full_name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            role: RwSignal::new(None),
            company: RwSignal::new(String::new()),
            full_name_error: RwSignal::new(None),
            email_error: RwSignal::new(None),
            password_error: RwSignal::new(None),
            role_error: RwSignal::new(None),
            company_error: RwSignal::new(None),
            email_taken: RwSignal::new(false),
            form_error: RwSignal::new(None),
        }
    }

    fn check_full_name(&self) -> Option<String> {
        keep(
            self.full_name_error,
            validate_full_name(&self.full_name.get_untracked()).map_err(|e| e.message),
        )
    }

    fn check_email(&self) -> Option<String> {
        self.email_taken.set(false);
        check_email(self.email, self.email_error)
    }

    fn check_password(&self) -> Option<String> {
        let password = self.password.get_untracked();
        keep(
            self.password_error,
            validate_password(&password, "password").map_err(|e| e.message),
        )
        .map(|()| password)
    }

    fn check_role(&self) -> Option<Role> {
        let role = self.role.get_untracked();
        self.role_error.set(
            role.is_none()
                .then(|| "Choose whether you are hiring or looking for a job.".to_string()),
        );
        role
    }

    /// `Some(None)` when no company is needed (candidates).
    fn check_company(&self, role: Option<Role>) -> Option<Option<String>> {
        if role != Some(Role::Recruiter) {
            self.company_error.set(None);
            return Some(None);
        }
        keep(
            self.company_error,
            validate_company_name(&self.company.get_untracked()).map_err(|e| e.message),
        )
        .map(Some)
    }

    /// Validates everything; focuses the first bad field when something is wrong.
    fn request(&self) -> Option<RegisterRequest> {
        let full_name = self.check_full_name();
        let email = self.check_email();
        let password = self.check_password();
        let role = self.check_role();
        let company = self.check_company(role);
        match (full_name, email, password, role, company) {
            (Some(full_name), Some(email), Some(password), Some(role), Some(company_name)) => {
                Some(RegisterRequest {
                    email,
                    password,
                    full_name,
                    role,
                    company_name,
                })
            }
            (full_name, email, password, role, _) => {
                let first = if full_name.is_none() {
                    NAME_ID
                } else if email.is_none() {
                    EMAIL_ID
                } else if password.is_none() {
                    PASSWORD_ID
                } else if role.is_none() {
                    ROLE_ID
                } else {
                    COMPANY_ID
                };
                focus_id(first);
                None
            }
        }
    }

    /// Shows a server error under the field it concerns, or in the form alert.
    fn show_error(&self, err: &ApiError) {
        let message = err.message();
        if err.status() == Some(409) {
            self.email_taken.set(true);
            show_at(self.email_error, EMAIL_ID, message);
            return;
        }
        let target = match err.field() {
            Some("full_name") => Some((self.full_name_error, NAME_ID)),
            Some("email") => Some((self.email_error, EMAIL_ID)),
            Some("password") => Some((self.password_error, PASSWORD_ID)),
            Some("role") => Some((self.role_error, ROLE_ID)),
            Some("company_name") => Some((self.company_error, COMPANY_ID)),
            _ => None,
        };
        let target = target.filter(|_| err.status() == Some(422));
        show_at_or_alert(target, message, self.form_error);
    }
}

#[component]
pub fn SignUp() -> impl IntoView {
    set_title("Create an account");
    let session = use_session();
    let api = use_api();
    leave_once_signed_in(false);
    let form = Form::new();

    let submit = Action::new_local(move |request: &RegisterRequest| {
        let request = request.clone();
        async move {
            match api.register(&request).await {
                Ok(auth) => session.sign_in(auth),
                Err(err) => form.show_error(&err),
            }
        }
    });
    let pending = submit.pending();

    let on_submit = move |ev: SubmitEvent| {
        if !begin_submit(&ev, pending, form.form_error) {
            return;
        }
        if let Some(request) = form.request() {
            submit.dispatch(request);
        }
    };

    // Validate on blur only once something was typed, so tabbing through is quiet.
    let blur = move |value: RwSignal<String>, check: fn(&Form)| {
        move |()| {
            if !value.with_untracked(String::is_empty) {
                check(&form);
            }
        }
    };

    let is_recruiter = move || form.role.get() == Some(Role::Recruiter);
    let role_described_by = move || {
        form.role_error
            .with(Option::is_some)
            .then_some("signup-role-error")
    };
    let role_invalid = Signal::derive(move || form.role_error.with(Option::is_some));
    let choose_role = move |role: Role| {
        move |()| {
            form.role.set(Some(role));
            form.role_error.set(None);
        }
    };

    view! {
        <AuthPage footer=move || view! { "Already have an account? " <a href=routes::SIGN_IN>"Sign in"</a> }>
            <h1>"Create your account"</h1>
            <p class="muted">"Recruiters set up their organisation; candidates interview for roles."</p>
            <form class="form" novalidate on:submit=on_submit>
                <ErrorAlert message=form.form_error />
                <fieldset
                    class="field"
                    aria-describedby=role_described_by
                >
                    <legend>"How will you use Interview Flow?"</legend>
                    <div class="choices">
                        <Choice
                            name="role"
                            value="recruiter"
                            id=ROLE_ID
                            label="I'm hiring"
                            checked=Signal::derive(is_recruiter)
                            invalid=role_invalid
                            on_choose=choose_role(Role::Recruiter)
                        />
                        <Choice
                            name="role"
                            value="candidate"
                            id="signup-role-candidate"
                            label="I'm looking for a job"
                            checked=Signal::derive(move || form.role.get() == Some(Role::Candidate))
                            invalid=role_invalid
                            on_choose=choose_role(Role::Candidate)
                        />
                    </div>
                    {move || {
                        form.role_error
                            .get()
                            .map(|message| {
                                view! {
                                    <p class="field-error" id="signup-role-error">{message}</p>
                                }
                            })
                    }}
                </fieldset>
                <Show when=is_recruiter>
                    <TextField
                        id=COMPANY_ID
                        label="Company name"
                        autocomplete="organization"
                        hint="This creates your organisation; you can change its name and branding later."
                        required=true
                        value=form.company
                        error=form.company_error
                        on_blur=blur(form.company, |f| {
                            f.check_company(Some(Role::Recruiter));
                        })
                    />
                </Show>
                <TextField
                    id=NAME_ID
                    label="Full name"
                    autocomplete="name"
                    required=true
                    value=form.full_name
                    error=form.full_name_error
                    on_blur=blur(form.full_name, |f| {
                        f.check_full_name();
                    })
                />
                <EmailField
                    id=EMAIL_ID
                    value=form.email
                    error=form.email_error
                    on_blur=blur(form.email, |f| {
                        f.check_email();
                    })
                    error_extra=move || {
                        form.email_taken
                            .get()
                            .then(|| {
                                view! {
                                    " "
                                    <a href=routes::SIGN_IN>"Sign in instead"</a>
                                }
                            })
                    }
                />
                <TextField
                    id=PASSWORD_ID
                    label="Password"
                    kind="password"
                    autocomplete="new-password"
                    hint=PASSWORD_HINT
                    required=true
                    value=form.password
                    error=form.password_error
                    on_blur=blur(form.password, |f| {
                        f.check_password();
                    })
                />
                <SubmitButton
                    class="btn btn-primary btn-block"
                    pending=pending
                    label="Create account"
                    pending_label="Creating your account…"
                    spinner=true
                />
            </form>
        </AuthPage>
    }
}

/// Kept in step with the shared `MIN_PASSWORD_LEN` by the assertion below.
const PASSWORD_HINT: &str = "At least 10 characters. A few words together make a strong password.";
const _: () = assert!(MIN_PASSWORD_LEN == 10, "update PASSWORD_HINT");

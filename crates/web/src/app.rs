//! The root component: session, router and the route table.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use crate::pages::account::AccountPage;
use crate::pages::dashboard::{JobseekerHome, RecruiterHome};
use crate::pages::interview::{InterviewReady, InterviewRoom};
use crate::pages::jobs::{JobBoard, JobPosting};
use crate::pages::landing::Landing;
use crate::pages::not_found::NotFound;
use crate::pages::recovery::{ForgotPassword, ResetPassword};
use crate::pages::recruiter::integrations::IntegrationsPage;
use crate::pages::recruiter::interviews::{InterviewPage, SchedulePage};
use crate::pages::recruiter::jobs::{EditJobPage, JobApplicantsPage, JobsPage, NewJobPage};
use crate::pages::recruiter::report::ReportPage;
use crate::pages::recruiter::settings::SettingsPage;
use crate::pages::shell::{DashboardIndex, Shell};
use crate::pages::signin::SignIn;
use crate::pages::signup::SignUp;
use crate::pages::verify_email::VerifyEmail;
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    // Restore a session from the refresh cookie; guards wait for this.
    spawn_local(session.restore());

    view! {
        <Router>
            <AppRoutes session=session />
        </Router>
    }
}

#[component]
fn AppRoutes(session: Session) -> impl IntoView {
    let navigate = use_navigate();
    session.set_navigator(move |path: &str| navigate(path, Default::default()));

    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("/") view=Landing />
            <Route path=path!("/signin") view=SignIn />
            <Route path=path!("/signup") view=SignUp />
            <Route path=path!("/forgot-password") view=ForgotPassword />
            <Route path=path!("/reset-password") view=ResetPassword />
            <Route path=path!("/verify-email") view=VerifyEmail />
            <Route path=path!("/interview/ready/:id") view=InterviewReady />
            <Route path=path!("/interview/start/:id") view=InterviewRoom />
            <Route path=path!("/jobs") view=JobBoard />
            <Route path=path!("/jobs/:id") view=JobPosting />
            <ParentRoute path=path!("/dashboard") view=Shell>
                <Route path=path!("") view=DashboardIndex />
                <Route path=path!("/recruiter") view=RecruiterHome />
                <Route path=path!("/jobseeker") view=JobseekerHome />
                // Recruiter workspace and account (workspace pages).
                <Route path=path!("/jobs") view=JobsPage />
                <Route path=path!("/jobs/new") view=NewJobPage />
                <Route path=path!("/jobs/:id") view=JobApplicantsPage />
                <Route path=path!("/jobs/:id/edit") view=EditJobPage />
                <Route path=path!("/interviews/new") view=SchedulePage />
                <Route path=path!("/interviews/:id") view=InterviewPage />
                <Route path=path!("/interviews/:id/report") view=ReportPage />
                <Route path=path!("/settings") view=SettingsPage />
                <Route path=path!("/settings/integrations") view=IntegrationsPage />
                <Route path=path!("/account") view=AccountPage />
            </ParentRoute>
        </Routes>
    }
}

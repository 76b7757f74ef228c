//! The root component: session, router and the route table.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use crate::pages::dashboard::{JobseekerHome, RecruiterHome};
use crate::pages::landing::Landing;
use crate::pages::not_found::NotFound;
use crate::pages::shell::{DashboardIndex, Shell};
use crate::pages::signin::SignIn;
use crate::pages::signup::SignUp;
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
            <ParentRoute path=path!("/dashboard") view=Shell>
                <Route path=path!("") view=DashboardIndex />
                <Route path=path!("/recruiter") view=RecruiterHome />
                <Route path=path!("/jobseeker") view=JobseekerHome />
            </ParentRoute>
        </Routes>
    }
}

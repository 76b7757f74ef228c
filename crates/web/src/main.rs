//! Interview Flow single-page app (Leptos, client-side rendered; built by Trunk).

mod api;
mod app;
mod brand;
mod components;
mod pages;
mod routes;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

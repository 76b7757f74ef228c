//! Interview Flow API: an actix-web application built by [`startup::Application::build`]
//! from [`settings::Settings`].

pub mod ai;
pub mod auth;
pub mod clock;
pub mod db;
pub mod domain;
pub mod email;
pub mod errors;
pub mod extract;
pub mod links;
pub mod outbound;
pub mod resume;
pub mod routes;
pub mod seed;
pub mod services;
pub mod settings;
pub mod spa;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod workers;

pub use settings::Settings;
pub use startup::Application;

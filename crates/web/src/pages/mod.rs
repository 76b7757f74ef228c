//! One module per page (or page family).

pub mod dashboard;
pub mod landing;
pub mod not_found;
pub mod shell;
pub mod signin;
pub mod signup;

//! Authentication: password hashing, access tokens (JWT), refresh tokens, the authenticated
//! principal extractor and sign-in rate limits.

pub mod api_keys;
pub mod device;
pub mod jwt;
pub mod password;
pub mod principal;
pub mod rate_limit;
pub mod refresh;

pub use jwt::JwtKeys;
pub use principal::{AuthenticatedUser, InterviewUser, OrgAdmin, Recruiter};
pub use rate_limit::{AuthRateLimiter, KeyRateLimiter, RateLimitInfo};

//! Access tokens: HS256 JWTs valid for 15 minutes. Only HS256 is accepted, with issuer and
//! audience checked, so tokens of other algorithms or other services are refused.

use chrono::Utc;
use interview_flow_shared::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ACCESS_TOKEN_TTL_SECS: u64 = 15 * 60;
const ISSUER: &str = "interview-flow";
const AUDIENCE: &str = "interview-flow-api";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// A session from an emailed interview link: it opens only this interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iid: Option<String>,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// Returns the token and its lifetime in seconds.
    pub fn issue(
        &self,
        user_id: &str,
        role: Role,
        organization_id: Option<&str>,
        interview_scope: Option<&str>,
    ) -> anyhow::Result<(String, u64)> {
        let now = Utc::now().timestamp();
        let claims = AccessClaims {
            sub: user_id.to_string(),
            role,
            org: organization_id.map(str::to_string),
            iid: interview_scope.map(str::to_string),
            iat: now,
            exp: now + ACCESS_TOKEN_TTL_SECS as i64,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| anyhow::anyhow!("cannot sign access token: {e}"))?;
        Ok((token, ACCESS_TOKEN_TTL_SECS))
    }

    /// None for anything that is not a valid, unexpired token of ours.
    pub fn verify(&self, token: &str) -> Option<AccessClaims> {
        jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
    }
}

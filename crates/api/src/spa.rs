//! Serves the built SPA and falls back to `index.html` for client routes (never for `/api`).
//! Also builds the Content-Security-Policy, allowing exactly the inline scripts Trunk wrote
//! into index.html (by hash) and nothing else inline.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_files::Files;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::errors::ApiError;

pub struct SpaAssets {
    dir: PathBuf,
    /// The policy for non-HTML responses (built from index.html at start-up; HTML answers
    /// recompute it, so a rebuilt SPA works without a restart).
    csp: String,
}

/// index.html as it is now on disk, with the policy that allows exactly its inline scripts.
struct IndexPage {
    html: String,
    csp: String,
}

impl SpaAssets {
    pub fn load(dir: &Path) -> Self {
        let index = read_index(dir);
        if index.is_none() {
            tracing::warn!(
                dir = %dir.display(),
                "the SPA is not built (no index.html); the API works, the web app does not. Run ./scripts/run"
            );
        }
        Self {
            dir: dir.to_path_buf(),
            csp: index
                .map(|page| page.csp)
                .unwrap_or_else(|| content_security_policy(&[])),
        }
    }

    pub fn csp(&self) -> &str {
        &self.csp
    }

    pub fn configure(self: &Arc<Self>, cfg: &mut web::ServiceConfig) {
        let assets = Arc::clone(self);
        let fallback = fn_service(move |req: ServiceRequest| {
            let assets = Arc::clone(&assets);
            async move {
                let response = assets.fallback_response(req.method(), req.path()).await;
                Ok::<ServiceResponse, actix_web::Error>(req.into_response(response))
            }
        });
        if self.dir.is_dir() {
            // "/" and client routes get a fresh index.html from the fallback; Files serves assets.
            let root = Arc::clone(self);
            cfg.service(
                web::resource("/").route(web::route().to(move |req: HttpRequest| {
                    let assets = Arc::clone(&root);
                    async move { assets.fallback_response(req.method(), req.path()).await }
                })),
            );
            cfg.service(
                Files::new("/", &self.dir)
                    .use_etag(true)
                    .default_handler(fallback),
            );
        } else {
            cfg.default_service(fallback);
        }
    }

    async fn fallback_response(&self, method: &Method, path: &str) -> HttpResponse {
        if path == "/api" || path.starts_with("/api/") || path.starts_with("/integrations/") {
            return actix_web::ResponseError::error_response(&ApiError::not_found(format!(
                "There is no API route {method} {path}."
            )));
        }
        if method != Method::GET && method != Method::HEAD {
            return actix_web::ResponseError::error_response(&ApiError::not_found(format!(
                "Nothing answers {method} {path}."
            )));
        }
        let dir = self.dir.clone();
        match web::block(move || read_index(&dir)).await.ok().flatten() {
            Some(page) => HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .insert_header((header::CONTENT_SECURITY_POLICY, page.csp))
                .body(page.html),
            None => HttpResponse::ServiceUnavailable()
                .content_type("text/html; charset=utf-8")
                .body(
                    "<!doctype html><title>Interview Flow</title><h1>The web app is not built</h1>\
<p>The API is running, but the single-page app has not been built. Run <code>./scripts/run</code>, \
or <code>trunk build --release</code>, then reload.</p>",
                ),
        }
    }
}

fn read_index(dir: &Path) -> Option<IndexPage> {
    let html = std::fs::read_to_string(dir.join("index.html")).ok()?;
    let csp = content_security_policy(&inline_script_hashes(&html));
    Some(IndexPage { html, csp })
}

/// `'sha256-…'` sources for each inline `<script>` (one without `src`).
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        let body = &after[body_start..body_start + close];
        if !tag.contains("src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[body_start + close + "</script>".len()..];
    }
    hashes
}

fn content_security_policy(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push(' ');
        script_src.push_str(hash);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: https:; media-src 'self' blob: mediastream:; connect-src 'self'; \
font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="/app.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        assert!(content_security_policy(&hashes).contains(&hashes[0]));
    }
}

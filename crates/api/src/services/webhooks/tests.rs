use super::destination::parse_url;
use super::signing::{secret_key, sign};

#[test]
fn signs_like_the_standard_webhooks_example() {
    // From the Standard Webhooks reference implementations.
    let key = secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let signature = sign(
        &key,
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        r#"{"test": 2432232314}"#,
    )
    .unwrap();
    assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

#[test]
fn urls_must_be_https_unless_private_networks_are_allowed() {
    assert!(parse_url("https://example.com/hook", false).is_ok());
    assert!(parse_url("http://example.com/hook", false).is_err());
    assert!(parse_url("http://127.0.0.1:9/hook", true).is_ok());
    assert!(parse_url("ftp://example.com/", true).is_err());
    assert!(parse_url("https://user:pw@example.com/", false).is_err());
}

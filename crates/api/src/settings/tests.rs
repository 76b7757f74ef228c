use super::*;
use std::collections::HashMap;

fn raw(pairs: &[(&str, &str)]) -> RawSettings {
    let env: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    RawSettings::load(None, &env).unwrap()
}

#[test]
fn database_url_picks_backend_by_scheme() {
    assert_eq!(
        DatabaseUrl::parse("sqlite://./data/x.db"),
        Ok(DatabaseUrl::Sqlite(PathBuf::from("./data/x.db")))
    );
    assert!(matches!(
        DatabaseUrl::parse("postgres://postgres@127.0.0.1/db"),
        Ok(DatabaseUrl::Postgres(_))
    ));
    assert!(
        DatabaseUrl::parse("mysql://x")
            .unwrap_err()
            .contains("sqlite://")
    );
    assert!(DatabaseUrl::parse("sqlite://:memory:").is_err());
}

#[test]
fn bad_values_name_the_setting() {
    let dir = tempdir();
    let dir = dir.to_str().unwrap();
    let err =
        Settings::from_values(&raw(&[("DATA_DIR", dir), ("BIND_ADDR", "localhost")])).unwrap_err();
    assert_eq!(err.setting, "BIND_ADDR");
    let err = Settings::from_values(&raw(&[("DATA_DIR", dir), ("DATABASE_URL", "mysql://x")]))
        .unwrap_err();
    assert_eq!(err.setting, "DATABASE_URL");
    let err =
        Settings::from_values(&raw(&[("DATA_DIR", dir), ("HTTP_WORKERS", "many")])).unwrap_err();
    assert_eq!(err.setting, "HTTP_WORKERS");
}

#[test]
fn production_refuses_weak_or_missing_secret() {
    let base = [
        ("APP_ENV", "production"),
        ("PUBLIC_URL", "https://i.example.com"),
    ];
    let err = Settings::from_values(&raw(&base)).unwrap_err();
    assert_eq!(err.setting, "JWT_SECRET");
    let mut weak = base.to_vec();
    weak.push(("JWT_SECRET", "secret"));
    assert_eq!(
        Settings::from_values(&raw(&weak)).unwrap_err().setting,
        "JWT_SECRET"
    );
    let mut strong = base.to_vec();
    strong.push(("JWT_SECRET", "0123456789abcdef0123456789abcdef-long"));
    assert!(Settings::from_values(&raw(&strong)).is_ok());
}

/// A setting documented in README.md but missing from SETTING_NAMES would be silently
/// ignored when given in the environment.
#[test]
fn every_documented_setting_is_read() {
    let readme = include_str!("../../../../README.md");
    let documented: Vec<&str> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name))
        .filter(|name| {
            name.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        })
        .flat_map(|name| name.split(", "))
        .collect();
    assert!(documented.len() > 30, "{documented:?}");
    // Read by the log set-up and by the config loader themselves.
    let read_elsewhere = ["RUST_LOG", "LOG_FORMAT", "INTERVIEW_FLOW_CONFIG"];
    for name in documented
        .into_iter()
        .filter(|n| !read_elsewhere.contains(n))
    {
        assert!(
            SETTING_NAMES.contains(&name),
            "{name} is documented but never read"
        );
    }
}

#[test]
fn production_refuses_plain_http_links_and_bad_proxy_lists() {
    let secret = ("JWT_SECRET", "0123456789abcdef0123456789abcdef-long");
    let plain = [
        ("APP_ENV", "production"),
        ("PUBLIC_URL", "http://i.example.com"),
        secret,
    ];
    assert_eq!(
        Settings::from_values(&raw(&plain)).unwrap_err().setting,
        "PUBLIC_URL"
    );
    let dir = tempdir();
    let dir = dir.to_str().unwrap();
    let err = Settings::from_values(&raw(&[
        ("DATA_DIR", dir),
        ("TRUSTED_PROXIES", "10.0.0.0/8, proxy"),
    ]))
    .unwrap_err();
    assert_eq!(err.setting, "TRUSTED_PROXIES");
    let ok = Settings::from_values(&raw(&[
        ("DATA_DIR", dir),
        ("TRUSTED_PROXIES", "10.0.0.0/8, ::1"),
    ]))
    .unwrap();
    assert_eq!(ok.trusted_proxies.len(), 2);
    assert!(
        Settings::from_values(&raw(&[
            ("DATA_DIR", dir),
            ("REFRESH_REUSE_GRACE_SECS", "61")
        ]))
        .is_err()
    );
}

#[test]
fn development_generates_and_keeps_a_secret() {
    let dir = tempdir();
    let values = raw(&[("DATA_DIR", dir.to_str().unwrap())]);
    let first = Settings::from_values(&values).unwrap();
    let second = Settings::from_values(&values).unwrap();
    assert_eq!(first.jwt_secret.as_bytes(), second.jwt_secret.as_bytes());
    assert!(first.jwt_secret.as_bytes().len() >= JwtSecret::MIN_LEN);
}

#[test]
fn config_file_is_layered_under_env() {
    let dir = tempdir();
    let file = dir.join("config.toml");
    std::fs::write(
        &file,
        "bind_addr = \"127.0.0.1:9000\"\npublic_url = \"http://file.example\"\n",
    )
    .unwrap();
    let env: HashMap<String, String> =
        [("PUBLIC_URL".to_string(), "http://env.example".to_string())].into();
    let mut values = RawSettings::load(Some(&file), &env).unwrap();
    values.set("DATA_DIR", dir.to_str().unwrap());
    let settings = Settings::from_values(&values).unwrap();
    assert_eq!(settings.bind_addr.port(), 9000);
    assert_eq!(settings.public_url.host_str(), Some("env.example"));
    std::fs::write(&file, "bogus_key = 1\n").unwrap();
    assert!(RawSettings::load(Some(&file), &HashMap::new()).is_err());
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("if-settings-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

//! Server-initiated HTTP requests to URLs that someone outside supplied — webhook endpoints,
//! the résumé links and completion callbacks Greenhouse sends — guarded against server-side
//! request forgery. Every such request goes through [`client_for`]:
//!
//! - the host is resolved and every address checked with [`is_forbidden_address`] (unless
//!   private networks are allowed, for tests and closed networks);
//! - the client connects to exactly the addresses checked (no second lookup a rebinding DNS
//!   server could answer differently);
//! - redirects are never followed: a 3xx is the answer, so a public URL cannot bounce the
//!   request to an internal one;
//! - proxy environment variables (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`) are ignored, so
//!   the address checked is the address connected to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use url::{Host, Url};

/// True for addresses a server-initiated request must not reach: loopback, private, shared
/// (CGNAT), link-local, unspecified, multicast, broadcast, documentation and other reserved
/// ranges — including IPv6 forms that carry or reach such an IPv4 address (IPv4-mapped,
/// IPv4-compatible, IPv4-translated, 6to4, NAT64) and the transition prefixes that tunnel to
/// an address we cannot check (Teredo, local-use NAT64).
pub fn is_forbidden_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_forbidden_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_forbidden_v4(v4);
            }
            is_forbidden_v6(v6)
        }
    }
}

fn is_forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast (deprecated)
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240 // reserved
}

fn is_forbidden_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if ip.is_unspecified() || ip.is_loopback() || ip.is_multicast() {
        return true;
    }
    // Forms that carry an IPv4 address: judge the IPv4. IPv4-compatible ::a.b.c.d
    // (deprecated), IPv4-translated ::ffff:0:a.b.c.d (SIIT) and the well-known NAT64 prefix
    // 64:ff9b::/96.
    let ipv4_compatible = s[..6].iter().all(|x| *x == 0);
    let ipv4_translated = s[..4].iter().all(|x| *x == 0) && s[4] == 0xffff && s[5] == 0;
    let nat64_well_known = s[0] == 0x0064 && s[1] == 0xff9b && s[2..6].iter().all(|x| *x == 0);
    if ipv4_compatible || ipv4_translated || nat64_well_known {
        return is_forbidden_v4(embedded(s[6], s[7]));
    }
    // 6to4 2002:a.b.c.d::/48 reaches a.b.c.d.
    if s[0] == 0x2002 {
        return is_forbidden_v4(embedded(s[1], s[2]));
    }
    // Only global unicast 2000::/3 is reachable. Outside it: unique local fc00::/7,
    // link-local fe80::/10, site-local fec0::/10, discard-only 100::/64, the local-use NAT64
    // prefix 64:ff9b:1::/48 (translates to any IPv4, private ones included), SRv6 5f00::/16
    // and everything unallocated.
    if (s[0] & 0xe000) != 0x2000 {
        return true;
    }
    // 2001::/23 IETF protocol assignments — Teredo 2001::/32 (tunnels to an IPv4 we cannot
    // check), benchmarking, ORCHID — and the documentation prefixes 2001:db8::/32, 3fff::/20.
    (s[0] == 0x2001 && (s[1] < 0x0200 || s[1] == 0x0db8)) || (s[0] == 0x3fff && s[1] < 0x1000)
}

/// Resolves the URL's host and refuses non-public addresses. Returns the addresses to
/// connect to (all checked).
pub async fn resolve_public(url: &Url) -> Result<Vec<SocketAddr>, String> {
    let addrs = resolve(url).await?;
    if let Some(bad) = addrs.iter().find(|a| is_forbidden_address(a.ip())) {
        return Err(format!(
            "the host resolves to {}, a private, loopback, link-local or otherwise non-public address, which server requests may not target",
            bad.ip()
        ));
    }
    Ok(addrs)
}

/// The URL host's addresses (the literal for an IP host), with the URL's port.
async fn resolve(url: &Url) -> Result<Vec<SocketAddr>, String> {
    let port = url
        .port_or_known_default()
        .ok_or_else(|| "the URL has no port".to_string())?;
    let addrs: Vec<SocketAddr> = match url.host() {
        Some(Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(Host::Domain(domain)) => tokio::net::lookup_host((domain, port))
            .await
            .map_err(|e| format!("the host {domain} could not be resolved ({e})"))?
            .collect(),
        None => return Err("the URL has no host".into()),
    };
    if addrs.is_empty() {
        return Err("the host has no addresses".into());
    }
    Ok(addrs)
}

/// How a server-initiated request may go out.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// `WEBHOOKS_ALLOW_PRIVATE_NETWORKS`: skip the address check (tests, closed networks).
    /// Pinning, no redirects and no proxies still apply.
    pub allow_private: bool,
    /// For the whole request, connecting included.
    pub timeout: Duration,
    pub user_agent: &'static str,
}

/// The builder every guarded client starts from: no redirects, no proxies (whatever the
/// environment says), timeouts on connecting and on the whole request.
fn base_builder(policy: &Policy) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(policy.timeout)
        .connect_timeout(policy.timeout)
        .user_agent(policy.user_agent)
}

/// A client for one request to `url`: an http(s) URL whose host resolves only to public
/// addresses (any address when private networks are allowed), connecting to exactly the
/// addresses just resolved. Build one per request, right before sending it: DNS may have
/// changed since the URL was registered. The error says why the request was refused.
pub async fn client_for(url: &Url, policy: &Policy) -> Result<reqwest::Client, String> {
    let addrs = check_destination(url, policy.allow_private).await?;
    let mut builder = base_builder(policy);
    if let Some(Host::Domain(domain)) = url.host() {
        builder = builder.resolve_to_addrs(domain, &addrs);
    }
    builder
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// The check alone, e.g. to refuse a URL when it is given rather than when it is used: an
/// http(s) URL without credentials whose host resolves only to public addresses (any when
/// private networks are allowed). Returns the addresses resolved.
pub async fn check_destination(url: &Url, allow_private: bool) -> Result<Vec<SocketAddr>, String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "only http:// and https:// URLs are allowed, not {}://",
            url.scheme()
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL must not contain a user name or password".into());
    }
    if allow_private {
        resolve(url).await
    } else {
        resolve_public(url).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_public_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "198.18.0.1",
            "192.88.99.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "100::1",
            // IPv4-mapped, -compatible and -translated forms of non-public IPv4.
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "::10.0.0.1",
            "::ffff:0:127.0.0.1",
            // 6to4 of private IPv4.
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            // NAT64: well-known prefix with a private IPv4; the local-use prefix always.
            "64:ff9b::127.0.0.1",
            "64:ff9b::10.0.0.1",
            "64:ff9b:1::8.8.8.8",
            "64:ff9b:1:ffff::1",
            // Teredo, whatever it embeds, and the rest of 2001::/23.
            "2001::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:0:5ef5:79fb::f5ff:fffe",
            "2001:2::1",
            "2001:db8::1",
            "3fff::1",
            "5f00::1",
            "4000::1",
        ] {
            assert!(is_forbidden_address(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn allows_public_addresses() {
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "2001:4860:4860::8888",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
            "::ffff:0:8.8.8.8",
            "64:ff9b::8.8.8.8",
            "2002:808:808::1",
        ] {
            assert!(!is_forbidden_address(ip.parse().unwrap()), "{ip}");
        }
    }

    fn strict() -> Policy {
        Policy {
            allow_private: false,
            timeout: Duration::from_secs(1),
            user_agent: "test",
        }
    }

    #[tokio::test]
    async fn refuses_urls_before_connecting() {
        for url in [
            "http://127.0.0.1:9/x",
            "https://localhost/x",
            "https://[::ffff:127.0.0.1]/x",
            "https://[64:ff9b:1::a00:1]/x",
            "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x",
            "ftp://93.184.216.34/x",
            "https://user:pw@93.184.216.34/x",
        ] {
            let url = Url::parse(url).unwrap();
            assert!(client_for(&url, &strict()).await.is_err(), "{url}");
        }
        let public = Url::parse("https://93.184.216.34/x").unwrap();
        assert!(client_for(&public, &strict()).await.is_ok());
    }
}

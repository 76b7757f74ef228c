//! Sign-in and registration limits per client IP and per account (email), with governor's
//! GCRA limiters. Per-node memory is fine here: a limit only needs to be approximately global.
//!
//! The client is the TCP peer unless that peer is a trusted proxy (`TRUSTED_PROXIES`), in
//! which case the forwarding headers name it. IPv6 clients are limited per /64, the block a
//! single subscriber usually gets.

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::errors::ApiError;
use crate::settings::AuthRateLimits;

pub struct AuthRateLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
    /// Refreshes are routine (every tab, every 15 minutes), so they have their own, larger
    /// per-client budget.
    refresh_per_ip: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

/// A block of addresses (`10.0.0.0/8`, `2001:db8::/32`, or one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNetwork {
    network: IpAddr,
    prefix: u8,
}

impl IpNetwork {
    pub fn parse(text: &str) -> Result<IpNetwork, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address
            .parse()
            .map_err(|_| format!("{text:?} is not an IP address or CIDR block"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?} has an invalid prefix length"))?,
        };
        Ok(IpNetwork {
            network: mask(address, prefix),
            prefix,
        })
    }

    /// Comma-separated blocks; empty entries are ignored.
    pub fn parse_list(list: &str) -> Result<Vec<IpNetwork>, String> {
        list.split(',')
            .filter(|entry| !entry.trim().is_empty())
            .map(IpNetwork::parse)
            .collect()
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        address.is_ipv4() == self.network.is_ipv4() && mask(address, self.prefix) == self.network
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn mask(address: IpAddr, prefix: u8) -> IpAddr {
    match canonical(address) {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let kept = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            IpAddr::V4((bits & kept).into())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let kept = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(bits & kept))
        }
    }
}

/// The key a client is limited by: its IPv4 address, or its IPv6 /64.
pub fn limit_key(client: IpAddr) -> IpAddr {
    match canonical(client) {
        v6 @ IpAddr::V6(_) => mask(v6, 64),
        v4 => v4,
    }
}

/// The client's address: the TCP peer, or, when the peer is a trusted proxy, the nearest
/// address in `X-Forwarded-For` (or `Forwarded: for=`) that is not itself a trusted proxy.
pub fn client_address(
    peer: IpAddr,
    forwarded_for: Option<&str>,
    forwarded: Option<&str>,
    trusted: &[IpNetwork],
) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = match (forwarded_for, forwarded) {
        (Some(xff), _) => xff.split(',').filter_map(parse_hop).collect(),
        (None, Some(forwarded)) => forwarded
            .split(',')
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.trim().split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| parse_hop(value))?
                })
            })
            .collect(),
        (None, None) => Vec::new(),
    };
    // Walk from the nearest hop back; the first untrusted one is the client. If every hop is
    // trusted, the farthest one is the best we know.
    hops.iter()
        .rev()
        .copied()
        .find(|hop| !is_trusted(*hop))
        .or_else(|| hops.first().copied())
        .unwrap_or(peer)
}

/// One hop of a forwarding header: `1.2.3.4`, `1.2.3.4:5678`, `"[2001:db8::1]:443"`,
/// `2001:db8::1`. Obfuscated identifiers and `unknown` give None.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    let (host, _port) = hop.rsplit_once(':')?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

impl AuthRateLimiter {
    pub fn new(limits: AuthRateLimits) -> Self {
        let quota = |per_minute: u32| {
            Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
        };
        Self {
            per_ip: RateLimiter::keyed(quota(limits.per_ip_per_minute)),
            per_account: RateLimiter::keyed(quota(limits.per_account_per_minute)),
            refresh_per_ip: RateLimiter::keyed(quota(limits.refresh_per_ip_per_minute)),
            clock: DefaultClock::default(),
        }
    }

    /// `client` as given by [`client_address`]; IPv6 is counted per /64.
    pub fn check_ip(&self, client: IpAddr) -> Result<(), ApiError> {
        self.per_ip
            .check_key(&limit_key(client))
            .map_err(|not_until| self.limited(not_until.wait_time_from(self.clock.now())))
    }

    pub fn check_refresh(&self, client: IpAddr) -> Result<(), ApiError> {
        self.refresh_per_ip
            .check_key(&limit_key(client))
            .map_err(|not_until| self.limited(not_until.wait_time_from(self.clock.now())))
    }

    /// `account` is the normalised email (or another stable account key, such as a user id
    /// or an interview id for per-interview requests).
    pub fn check_account(&self, account: &str) -> Result<(), ApiError> {
        self.per_account
            .check_key(&account.to_string())
            .map_err(|not_until| self.limited(not_until.wait_time_from(self.clock.now())))
    }

    fn limited(&self, wait: std::time::Duration) -> ApiError {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        ApiError::RateLimited {
            retry_after_secs: secs.max(1),
        }
    }

    /// Drops state of keys that are back to full allowance; call periodically.
    pub fn forget_idle_keys(&self) {
        self.per_ip.retain_recent();
        self.per_ip.shrink_to_fit();
        self.per_account.retain_recent();
        self.per_account.shrink_to_fit();
        self.refresh_per_ip.retain_recent();
        self.refresh_per_ip.shrink_to_fit();
    }
}

/// Per-API-key request budget in fixed one-minute windows, so clients can be told exactly how
/// much is left (`RateLimit-*` headers).
pub struct KeyRateLimiter {
    per_minute: u32,
    windows: std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, u32)>>,
}

/// What the response headers say about a key's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitInfo {
    pub limit: u32,
    pub remaining: u32,
    pub reset_secs: u64,
}

impl KeyRateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            windows: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Counts one request; Err(info) when the budget of this window is spent.
    pub fn check(&self, key_id: &str) -> Result<RateLimitInfo, RateLimitInfo> {
        let now = std::time::Instant::now();
        let window = std::time::Duration::from_secs(60);
        let mut windows = match self.windows.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = windows.entry(key_id.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        let reset_secs = window
            .saturating_sub(now.duration_since(entry.0))
            .as_secs()
            .max(1);
        if entry.1 >= self.per_minute {
            return Err(RateLimitInfo {
                limit: self.per_minute,
                remaining: 0,
                reset_secs,
            });
        }
        entry.1 += 1;
        Ok(RateLimitInfo {
            limit: self.per_minute,
            remaining: self.per_minute - entry.1,
            reset_secs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_contain_their_addresses_only() {
        let net = IpNetwork::parse("10.1.0.0/16").unwrap();
        assert!(net.contains(ip("10.1.200.3")));
        assert!(net.contains(ip("::ffff:10.1.0.9")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(!net.contains(ip("::1")));
        let one = IpNetwork::parse("2001:db8::7").unwrap();
        assert!(one.contains(ip("2001:db8::7")));
        assert!(!one.contains(ip("2001:db8::8")));
        assert!(IpNetwork::parse("10.0.0.0/33").is_err());
        assert!(IpNetwork::parse("proxy.internal").is_err());
        assert_eq!(
            IpNetwork::parse_list(" 10.0.0.0/8, ,::1 ").unwrap().len(),
            2
        );
    }

    #[test]
    fn forwarding_headers_count_only_behind_a_trusted_proxy() {
        let trusted = IpNetwork::parse_list("10.0.0.0/8").unwrap();
        let proxy = ip("10.0.0.5");
        // A direct client cannot choose its address by sending the header.
        assert_eq!(
            client_address(ip("203.0.113.9"), Some("198.51.100.1"), None, &trusted),
            ip("203.0.113.9")
        );
        // Behind the proxy: the nearest untrusted hop, not a spoofed first entry.
        assert_eq!(
            client_address(
                proxy,
                Some("1.1.1.1, 198.51.100.7, 10.0.0.9"),
                None,
                &trusted
            ),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_address(
                proxy,
                None,
                Some("for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\""),
                &trusted
            ),
            ip("2001:db8:cafe::17")
        );
        assert_eq!(client_address(proxy, None, None, &trusted), proxy);
        assert_eq!(
            client_address(proxy, Some("unknown"), None, &trusted),
            proxy
        );
        // Nothing is trusted by default.
        assert_eq!(
            client_address(proxy, Some("198.51.100.7"), None, &[]),
            proxy
        );
    }

    #[test]
    fn ipv6_clients_share_a_budget_per_64() {
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa::1")),
            limit_key(ip("2001:db8:1:2:bbbb::2"))
        );
        assert_ne!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(limit_key(ip("192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(limit_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }
}

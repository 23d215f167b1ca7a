//! The client's IP address: the socket peer, or — only when the peer is a configured
//! trusted proxy — the nearest hop of `X-Forwarded-For` (all header lines, in order) that
//! is not one of our proxies. A hop that does not parse ends the walk at the last trusted
//! address, so nothing a client writes can choose the result. IPv4-mapped IPv6 addresses
//! are folded to IPv4.

use ipnet::IpNet;
use rocket::request::{FromRequest, Outcome, Request};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};

/// The client's address as far as this server can trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// Parses one forwarded hop: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:80`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            hop.strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .and_then(|h| h.parse().ok())
        })
        .map(|ip| ip.to_canonical())
}

/// Picks the client address from the peer and the forwarded-for header lines.
#[must_use]
pub fn client_ip(peer: Option<IpAddr>, forwarded_for: &[&str], trusted: &[IpNet]) -> IpAddr {
    let peer = peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| p.to_canonical());
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    let mut current = peer;
    // Walk from the nearest hop outwards while the current hop is one of our proxies.
    let hops: Vec<&str> = forwarded_for
        .iter()
        .flat_map(|line| line.split(','))
        .collect();
    for hop in hops.iter().rev() {
        if !is_trusted(&current) {
            break;
        }
        match parse_hop(hop) {
            Some(ip) => current = ip,
            None => break,
        }
    }
    current
}

static WARNED_UNTRUSTED_PROXY: AtomicBool = AtomicBool::new(false);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientIp {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let ctx = crate::web::app_context(req);
        let forwarded: Vec<&str> = req.headers().get("X-Forwarded-For").collect();
        let peer = req.remote().map(|s| s.ip());
        let trusted = &ctx.config.trusted_proxies;
        if trusted.is_empty()
            && !forwarded.is_empty()
            && peer.is_some_and(|p| p.is_loopback())
            && !WARNED_UNTRUSTED_PROXY.swap(true, Ordering::Relaxed)
        {
            log::warn!(
                "requests arrive through a local proxy with X-Forwarded-For, but no proxy is trusted: every client shares one rate limit. Set PEYVAND_TRUSTED_PROXIES"
            );
        }
        Outcome::Success(ClientIp(client_ip(peer, &forwarded, trusted)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // Untrusted peer: header ignored.
        assert_eq!(
            client_ip(Some(ip("198.51.100.1")), &["1.2.3.4"], &trusted),
            ip("198.51.100.1")
        );
        // Trusted peer: the nearest untrusted hop.
        assert_eq!(
            client_ip(
                Some(ip("10.0.0.2")),
                &["6.6.6.6, 1.2.3.4, 10.0.0.9"],
                &trusted
            ),
            ip("1.2.3.4")
        );
        // Trusted peer without header.
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &[], &trusted),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn forged_or_odd_hops_cannot_choose_the_address() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // Several header lines: the proxy's own line comes last and is the one believed.
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &["6.6.6.6", "1.2.3.4"], &trusted),
            ip("1.2.3.4")
        );
        // Garbage nearest to us stops the walk at our proxy, not at the attacker's value.
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &["6.6.6.6, junk"], &trusted),
            ip("10.0.0.2")
        );
        // Ports and bracketed IPv6 are understood.
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &["1.2.3.4:5678"], &trusted),
            ip("1.2.3.4")
        );
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &["[2001:db8::7]:443"], &trusted),
            ip("2001:db8::7")
        );
        // IPv4-mapped IPv6 peers match IPv4 ranges.
        assert_eq!(
            client_ip(Some(ip("::ffff:10.0.0.2")), &["1.2.3.4"], &trusted),
            ip("1.2.3.4")
        );
    }
}

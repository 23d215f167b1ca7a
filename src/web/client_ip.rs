//! The client's IP address: the socket peer, or — only when the peer is a configured
//! trusted proxy — the right-most untrusted address of `X-Forwarded-For`.

use ipnet::IpNet;
use rocket::request::{FromRequest, Outcome, Request};
use std::net::{IpAddr, Ipv4Addr};

/// The client's address as far as this server can trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// Picks the client address from the peer and the forwarded-for chain.
#[must_use]
pub fn client_ip(peer: Option<IpAddr>, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let Some(chain) = forwarded_for else {
        return peer;
    };
    let hops: Vec<IpAddr> = chain
        .split(',')
        .filter_map(|h| h.trim().parse().ok())
        .collect();
    // Walk from the nearest hop outwards; the first one we do not operate is the client.
    hops.iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .or(hops.first())
        .copied()
        .unwrap_or(peer)
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientIp {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let ctx = super::app_context(req);
        Outcome::Success(ClientIp(client_ip(
            req.remote().map(|s| s.ip()),
            req.headers().get_one("X-Forwarded-For"),
            &ctx.config.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // Untrusted peer: header ignored.
        assert_eq!(
            client_ip(Some(ip("198.51.100.1")), Some("1.2.3.4"), &trusted),
            ip("198.51.100.1")
        );
        // Trusted peer: right-most untrusted hop.
        assert_eq!(
            client_ip(
                Some(ip("10.0.0.2")),
                Some("6.6.6.6, 1.2.3.4, 10.0.0.9"),
                &trusted
            ),
            ip("1.2.3.4")
        );
        // Trusted peer without header, or with garbage.
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), None, &trusted),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), Some("junk"), &trusted),
            ip("10.0.0.2")
        );
    }
}

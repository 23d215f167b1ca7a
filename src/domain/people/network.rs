//! The network a client is counted by: its IPv4 address, or its IPv6 /64 (one subscriber
//! usually holds a whole /64, so counting single IPv6 addresses would let one person
//! rotate through millions of them).

use std::net::IpAddr;

/// A client's network for rate limits and throttles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientNetwork(pub IpAddr);

impl ClientNetwork {
    /// The network of `ip` (IPv4-mapped IPv6 is folded to IPv4 first).
    #[must_use]
    pub fn of(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V6(v6) => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                Self(IpAddr::V6(bits.into()))
            }
            v4 => Self(v4),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> ClientNetwork {
        ClientNetwork::of(s.parse().unwrap())
    }

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        assert_eq!(net("2001:db8:1:2:aaaa::1"), net("2001:db8:1:2:bbbb::9"));
        assert_ne!(net("2001:db8:1:2::1"), net("2001:db8:1:3::1"));
        assert_eq!(
            net("::ffff:1.2.3.4").0,
            "1.2.3.4".parse::<IpAddr>().unwrap()
        );
    }
}

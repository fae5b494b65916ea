//! The client behind a trusted reverse proxy: the address a request counts under (rate
//! limits, the verifier's quotas) when it came through a proxy or CDN the operator named in
//! `server.trusted_proxies`.
//!
//! Only a peer in those ranges is believed, and only about the hop it saw: `X-Forwarded-For`
//! is read from the right (the entry the nearest proxy appended), skipping addresses of
//! trusted proxies, and the first other address is the client. What a client wrote further
//! left is never believed, so it cannot pick its own budget. A request from any other peer
//! counts under the peer's address, whatever it claims.
//!
//! Owns: the choice of the client address. Must never: believe a header from a peer that is
//! not a trusted proxy.

use std::net::IpAddr;

use axum::http::HeaderMap;
use portal_core::config::AddressRange;

/// The address `peer`'s request counts under, given the `trusted` proxies.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[AddressRange]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|range| range.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    let mut nearest = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            // Something unreadable: nothing left of it can be believed.
            return nearest;
        };
        if !is_trusted(ip) {
            return ip;
        }
        nearest = ip;
    }
    nearest
}

/// An address as proxies write it: `203.0.113.7`, `2001:db8::1`, or with a port
/// (`203.0.113.7:5123`, `[2001:db8::1]:5123`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Ok(with_port) = hop.parse::<std::net::SocketAddr>() {
        return Some(with_port.ip());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn proxies() -> Vec<AddressRange> {
        vec![
            AddressRange::parse("10.0.0.0/8").unwrap(),
            AddressRange::parse("fd00::/8").unwrap(),
        ]
    }

    #[test]
    fn a_peer_that_is_no_trusted_proxy_counts_as_itself_whatever_it_claims() {
        let claims = headers(&["198.51.100.1"]);
        assert_eq!(
            client_address(ip("203.0.113.9"), &claims, &proxies()),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_address(ip("10.0.0.2"), &claims, &[]),
            ip("10.0.0.2"),
            "none trusted"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        let trusted = proxies();
        let one = headers(&["203.0.113.7"]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &one, &trusted),
            ip("203.0.113.7")
        );
        // A CDN, then the proxy: both trusted, the client before them.
        let two = headers(&["203.0.113.7, 10.1.1.1"]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &two, &trusted),
            ip("203.0.113.7")
        );
        // What the client wrote itself, left of its real address, is not believed.
        let forged = headers(&["1.2.3.4, 203.0.113.7"]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &forged, &trusted),
            ip("203.0.113.7")
        );
        // Several header lines are one list, in order.
        let lines = headers(&["1.2.3.4", "203.0.113.7"]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &lines, &trusted),
            ip("203.0.113.7")
        );
        let v6 = headers(&["[2001:db8::5]:443"]);
        assert_eq!(
            client_address(ip("fd00::1"), &v6, &trusted),
            ip("2001:db8::5")
        );
    }

    #[test]
    fn unreadable_or_missing_hops_leave_the_nearest_known_address() {
        let trusted = proxies();
        assert_eq!(
            client_address(ip("10.0.0.2"), &HeaderMap::new(), &trusted),
            ip("10.0.0.2")
        );
        let garbage = headers(&["203.0.113.7, unknown"]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &garbage, &trusted),
            ip("10.0.0.2")
        );
        let behind_garbage = headers(&["evil, 10.3.3.3"]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &behind_garbage, &trusted),
            ip("10.3.3.3")
        );
    }
}

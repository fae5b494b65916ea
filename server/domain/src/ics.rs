//! iCalendar invitations (RFC 5545, with the iTIP methods of RFC 5546) for appointments.
//!
//! One stable `UID` per appointment; `SEQUENCE` grows with every change, so calendars replace
//! the earlier version; a cancellation is `METHOD:CANCEL` with `STATUS:CANCELLED`. Times are
//! written in the location's zone (`DTSTART;TZID=Asia/Amman:…`) with a `VTIMEZONE` giving that
//! zone's offset at the appointment, so the event shows at the right local time everywhere.
//!
//! Owns: the text of `.ics` files. Must never: put more personal data in an invitation than the
//! person needs (no registration number, no household).

use chrono::{DateTime, Offset, Utc};
use chrono_tz::Tz;

/// What an invitation says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation<'a> {
    /// Stable id of the appointment (becomes `UID`).
    pub uid: &'a str,
    /// 0 at booking, +1 at every change.
    pub sequence: i64,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// The location's zone.
    pub zone: Tz,
    /// Title (the service, in the person's language).
    pub summary: &'a str,
    /// Where (location name and address).
    pub location: &'a str,
    /// What to bring, the reference.
    pub description: &'a str,
    /// The organiser's address (the portal's sender).
    pub organizer: &'a str,
    /// When the invitation was produced.
    pub stamp: DateTime<Utc>,
    /// `false` writes a cancellation.
    pub active: bool,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (§3.1).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    format!("{sign}{:02}{:02}", seconds / 3600, seconds % 3600 / 60)
}

/// The `.ics` text of an invitation or cancellation.
pub fn calendar(invitation: &Invitation<'_>) -> String {
    let zone = invitation.zone;
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).format("%Y%m%dT%H%M%S").to_string();
    let offset = invitation
        .starts_at
        .with_timezone(&zone)
        .offset()
        .fix()
        .local_minus_utc();
    let utc = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let method = if invitation.active {
        "REQUEST"
    } else {
        "CANCEL"
    };
    let status = if invitation.active {
        "CONFIRMED"
    } else {
        "CANCELLED"
    };
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Refugee Portal//Appointments//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{method}"),
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", zone.name()),
        "BEGIN:STANDARD".to_owned(),
        "DTSTART:19700101T000000".to_owned(),
        format!("TZOFFSETFROM:{}", offset_text(offset)),
        format!("TZOFFSETTO:{}", offset_text(offset)),
        "END:STANDARD".to_owned(),
        "END:VTIMEZONE".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape(invitation.uid)),
        format!("SEQUENCE:{}", invitation.sequence),
        format!("DTSTAMP:{}", utc(invitation.stamp)),
        format!(
            "DTSTART;TZID={}:{}",
            zone.name(),
            local(invitation.starts_at)
        ),
        format!("DTEND;TZID={}:{}", zone.name(), local(invitation.ends_at)),
        format!("SUMMARY:{}", escape(invitation.summary)),
        format!("LOCATION:{}", escape(invitation.location)),
        format!("DESCRIPTION:{}", escape(invitation.description)),
        format!("ORGANIZER:mailto:{}", invitation.organizer),
        format!("STATUS:{status}"),
        "TRANSP:OPAQUE".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn invitation(active: bool, sequence: i64) -> String {
        calendar(&Invitation {
            uid: "0a1b2c3d-0000-4000-8000-000000000000@localhost",
            sequence,
            starts_at: Utc.with_ymd_and_hms(2027, 3, 29, 6, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2027, 3, 29, 6, 30, 0).unwrap(),
            zone: "Europe/Athens".parse().unwrap(),
            summary: "تجديد وثيقة, Renew a document; bring papers",
            location: "Athens office\nOdos 1",
            description: "Reference A-0A1B2C3D. ".repeat(8).as_str().trim(),
            organizer: "no-reply@localhost",
            stamp: Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap(),
            active,
        })
    }

    #[test]
    fn an_invitation_is_a_request_in_local_time_with_the_zone_offset() {
        let text = invitation(true, 0);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("METHOD:REQUEST\r\n"));
        assert!(text.contains("DTSTART;TZID=Europe/Athens:20270329T090000\r\n"));
        assert!(
            text.contains("TZOFFSETTO:+0300\r\n"),
            "Athens is at summer time then"
        );
        assert!(text.contains("SEQUENCE:0\r\n"));
        assert!(text.contains("STATUS:CONFIRMED\r\n"));
        assert!(text.contains("SUMMARY:تجديد وثيقة\\, Renew a document\\; bring papers"));
        assert!(text.contains("LOCATION:Athens office\\nOdos 1"));
    }

    #[test]
    fn a_cancellation_keeps_the_uid_and_raises_the_sequence() {
        let text = invitation(false, 2);
        assert!(text.contains("METHOD:CANCEL\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.contains("SEQUENCE:2\r\n"));
        assert!(text.contains("UID:0a1b2c3d-0000-4000-8000-000000000000@localhost\r\n"));
    }

    #[test]
    fn long_lines_are_folded_at_75_octets_without_splitting_characters() {
        let text = invitation(true, 0);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!(
            "DESCRIPTION:{}",
            "Reference A-0A1B2C3D. ".repeat(8).trim()
        )));
    }

    #[test]
    fn offsets_are_written_with_sign_hours_and_minutes() {
        assert_eq!(offset_text(3 * 3600), "+0300");
        assert_eq!(offset_text(-(4 * 3600 + 30 * 60)), "-0430");
        assert_eq!(offset_text(0), "+0000");
    }
}

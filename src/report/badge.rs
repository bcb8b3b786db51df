//! `--format badge`: a self-contained SVG badge of the score for READMEs, `ssot | 71.4%`, its
//! colour by the score: green from [`GREEN_FROM`], yellow from [`YELLOW_FROM`], red below.

use std::fmt::Write;

use super::summary::{floor_to, Summary};

/// Scores at or above this are green.
pub const GREEN_FROM: f64 = 95.0;
/// Scores at or above this (and below [`GREEN_FROM`]) are yellow; lower ones are red.
pub const YELLOW_FROM: f64 = 80.0;

pub const GREEN: &str = "#4c1";
pub const YELLOW: &str = "#dfb317";
pub const RED: &str = "#e05d44";

/// The colour of an exact score.
pub fn colour(score: f64) -> &'static str {
    if score >= GREEN_FROM {
        GREEN
    } else if score >= YELLOW_FROM {
        YELLOW
    } else {
        RED
    }
}

/// `good`, `fair` or `poor`: the colour of an exact score, as a word (the HTML report's
/// classes).
pub fn grade(score: f64) -> &'static str {
    if score >= GREEN_FROM {
        "good"
    } else if score >= YELLOW_FROM {
        "fair"
    } else {
        "poor"
    }
}

/// Approximate width in pixels of `text` in 11px Verdana (the badge font), for laying it out
/// without measuring.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            '.' | ',' | ':' | 'i' | 'l' | 'j' | '|' => 4.0,
            't' | 'f' | 'r' | ' ' => 4.5,
            '%' => 12.0,
            'm' | 'w' | 'M' | 'W' => 10.0,
            _ => 7.0,
        })
        .sum()
}

/// The badge: `ssot` on grey, the score (rounded down to one decimal, as text output shows it)
/// on its colour.
pub fn render(summary: &Summary) -> String {
    badge(
        "ssot",
        &format!("{:.1}%", floor_to(summary.exact_percent, 1)),
        colour(summary.exact_percent),
    )
}

fn badge(label: &str, value: &str, colour: &str) -> String {
    let lw = (text_width(label) + 12.0).round();
    let vw = (text_width(value) + 12.0).round();
    let w = lw + vw;
    let (lx, vx) = (lw / 2.0, lw + vw / 2.0);
    let mut out = String::new();
    let _ = write!(
        out,
        concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{label}: {value}">"##,
            r##"<title>{label}: {value}</title>"##,
            r##"<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"##,
            r##"<clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath>"##,
            r##"<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{vw}" height="20" fill="{colour}"/><rect width="{w}" height="20" fill="url(#s)"/></g>"##,
            r##"<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">"##,
            r##"<text x="{lx}" y="15" fill="#010101" fill-opacity=".3">{label}</text><text x="{lx}" y="14">{label}</text>"##,
            r##"<text x="{vx}" y="15" fill="#010101" fill-opacity=".3">{value}</text><text x="{vx}" y="14">{value}</text>"##,
            "</g></svg>\n"
        ),
        w = w,
        lw = lw,
        vw = vw,
        lx = lx,
        vx = vx,
        label = label,
        value = value,
        colour = colour,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_threshold() {
        assert_eq!(colour(100.0), GREEN);
        assert_eq!(colour(95.0), GREEN);
        assert_eq!(colour(94.99), YELLOW);
        assert_eq!(colour(80.0), YELLOW);
        assert_eq!(colour(79.99), RED);
        assert_eq!(colour(0.0), RED);
    }

    #[test]
    fn wider_text_makes_a_wider_badge() {
        let narrow = badge("ssot", "1.0%", GREEN);
        let wide = badge("ssot", "100.0%", GREEN);
        let width = |s: &str| {
            let rest = s.split_once("width=\"").unwrap().1;
            rest[..rest.find('"').unwrap()].parse::<f64>().unwrap()
        };
        assert!(width(&wide) > width(&narrow));
    }
}

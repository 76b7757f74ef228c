//! An organisation's brand colour as CSS variables for the app shell.

use interview_flow_shared::validation::validate_brand_color;

/// `--brand`/`--brand-contrast` declarations for a colour, or `None` when the value is
/// not a valid hex colour (never interpolate unchecked text into a style attribute).
pub fn brand_style(color: &str) -> Option<String> {
    let color = validate_brand_color(color).ok()?;
    let contrast = contrast_text(&color);
    Some(format!("--brand: {color}; --brand-contrast: {contrast};"))
}

/// White or near-black text, whichever contrasts more with `#rrggbb`.
pub fn contrast_text(color: &str) -> &'static str {
    let hex = color.trim_start_matches('#');
    let channel = |i: usize| {
        let value = hex
            .get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0);
        let c = f64::from(value) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // Contrast ratios against white (L=1) and #111827 (L≈0.0117).
    let with_white = 1.05 / (luminance + 0.05);
    let with_dark = (luminance + 0.05) / (0.0117 + 0.05);
    if with_white >= with_dark {
        "#ffffff"
    } else {
        "#111827"
    }
}

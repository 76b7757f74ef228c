//! Unit tests of `clean.rs`.

use super::*;

fn clean(raw: &str) -> Option<String> {
    clean_question(raw)
}

#[test]
fn plain_question_is_kept() {
    assert_eq!(
        clean("What's your team's approach to \"on-call\"?").as_deref(),
        Some("What's your team's approach to \"on-call\"?")
    );
}

#[test]
fn markdown_and_labels_are_removed() {
    assert_eq!(
        clean("**Question:** How do you _test_ `async` code?").as_deref(),
        Some("How do you _test_ async code?")
    );
    assert_eq!(
        clean("## Interviewer: Tell me about a __hard__ bug you fixed.").as_deref(),
        Some("Tell me about a hard bug you fixed.")
    );
    assert_eq!(
        clean("1. What did you learn from your last project?").as_deref(),
        Some("What did you learn from your last project?")
    );
    assert_eq!(
        clean("- Question 3: Why Rust over Go for this service?").as_deref(),
        Some("Why Rust over Go for this service?")
    );
    assert_eq!(
        clean("Interviewer: \"How do you handle code reviews?\"").as_deref(),
        Some("How do you handle code reviews?")
    );
    assert_eq!(
        clean("What's your experience with C# and .NET?").as_deref(),
        Some("What's your experience with C# and .NET?")
    );
}

#[test]
fn surrounding_quotes_only() {
    assert_eq!(
        clean("\"How would you design a rate limiter?\"").as_deref(),
        Some("How would you design a rate limiter?")
    );
    assert_eq!(
        clean("“How would you design a rate limiter?”").as_deref(),
        Some("How would you design a rate limiter?")
    );
    assert_eq!(
        clean("\"What's your team's approach to \"on-call\"?\"").as_deref(),
        Some("What's your team's approach to \"on-call\"?")
    );
    assert_eq!(
        clean("\"Fast\" and \"correct\": which matters more to you here?").as_deref(),
        Some("\"Fast\" and \"correct\": which matters more to you here?")
    );
}

#[test]
fn whitespace_collapsed_and_first_question_kept() {
    assert_eq!(
        clean("  How do you\n\n  prioritise   work?  And how do you say no?").as_deref(),
        Some("How do you prioritise work?")
    );
    assert_eq!(
        clean("Walk me through your last release? Take your time.").as_deref(),
        Some("Walk me through your last release? Take your time.")
    );
    assert_eq!(
        clean("Sure! Here's a question for you: What motivates you at work?").as_deref(),
        Some("What motivates you at work?")
    );
}

#[test]
fn long_text_capped_on_word_boundary() {
    let raw = format!("Tell me {} about it.", "very ".repeat(120));
    let cleaned = clean(&raw).unwrap_or_default();
    assert!(cleaned.chars().count() <= MAX_QUESTION_CHARS);
    assert!(cleaned.ends_with("very"));
}

#[test]
fn unusable_output_is_none() {
    assert_eq!(clean(""), None);
    assert_eq!(clean("   \n "), None);
    assert_eq!(clean("Why?"), None);
    assert_eq!(clean("**Question:**"), None);
    assert_eq!(clean("123 456 789 ???"), None);
    assert_eq!(clean("\"\""), None);
}

fn relay_all(pieces: &[&str]) -> (String, String) {
    let mut relay = Relay::new();
    let mut shown = String::new();
    let mut full = String::new();
    for piece in pieces {
        full.push_str(piece);
        shown.push_str(&relay.push(piece));
    }
    let final_text = clean_question(&full).unwrap_or_default();
    if let Some(rest) = relay.finish(&final_text) {
        shown.push_str(&rest);
    }
    (shown, final_text)
}

#[test]
fn relay_strips_label_and_markdown_while_streaming() {
    let (shown, final_text) =
        relay_all(&["**Ques", "tion:** What", " is your **favourite**", " tool?"]);
    assert_eq!(final_text, "What is your favourite tool?");
    assert_eq!(shown, final_text);
    let (shown, final_text) = relay_all(&["Inter", "viewer", ": How", " do you", " test?"]);
    assert_eq!(shown, final_text);
    let (shown, final_text) = relay_all(&["Quick", " question: why", " did you leave?"]);
    assert_eq!(final_text, "Quick question: why did you leave?");
    assert_eq!(shown, final_text);
}

#[test]
fn relay_holds_second_question_and_wrapping_quotes() {
    let (shown, final_text) = relay_all(&["\"How do", " you debug?", " And why?\""]);
    assert_eq!(final_text, "How do you debug?");
    assert_eq!(shown, final_text);
    let (shown, final_text) = relay_all(&["Tell me", " about X?", " Take your", " time."]);
    assert_eq!(final_text, "Tell me about X? Take your time.");
    assert_eq!(shown, final_text);
    let (shown, final_text) = relay_all(&["What's", " \"on-call\"", " like for you?"]);
    assert_eq!(shown, final_text);
}

#[test]
fn relay_short_text_waits_for_finish() {
    let mut relay = Relay::new();
    assert_eq!(relay.push("Q"), "");
    assert_eq!(
        relay.finish("Q what is it").as_deref(),
        Some("Q what is it")
    );
}

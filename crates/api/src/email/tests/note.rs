//! The recruiter's note, given when scheduling, in the interview emails.

use super::*;

#[test]
fn the_recruiters_note_is_in_both_parts_escaped_and_not_in_a_cancellation() {
    let note = "Please have your <b>portfolio</b> ready.\nParking is at the back.";
    for kind in EmailKind::ALL {
        let email = InterviewEmail {
            note: Some(note.into()),
            ..sample(kind)
        };
        let r = render(&email).unwrap();
        if kind == EmailKind::Cancelled {
            assert!(!r.text.contains("portfolio"), "{kind}: no note");
            assert!(!r.html.contains("portfolio"), "{kind}: no note");
            continue;
        }
        assert!(
            r.text
                .contains("A note from Grace Hopper:\nPlease have your <b>portfolio</b> ready.\nParking is at the back."),
            "{kind}: text part:\n{}",
            r.text
        );
        assert!(r.html.contains("A note from Grace Hopper:"), "{kind}");
        assert!(
            r.html
                .contains("Please have your &lt;b&gt;portfolio&lt;/b&gt; ready."),
            "{kind}: escaped in HTML"
        );
        assert!(!r.html.contains("<b>portfolio"), "{kind}: never as markup");
    }
    // A blank note is no note.
    let blank = render(&InterviewEmail {
        note: Some("   ".into()),
        ..sample(EmailKind::Invitation)
    })
    .unwrap();
    assert!(!blank.text.contains("A note from"));
}

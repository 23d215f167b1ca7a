//! Scanned letters: the image sanitiser every upload goes through ([`sanitise()`]), letters
//! on paper typed in or scanned against their sheet and line (sealed, moderated, printed in
//! the book once their batch is checked), and the official's answer letter attached to a
//! hand-over's answer (public, linked from the progress timeline).

mod answers;
mod letters;
mod sanitise;

pub use answers::{
    AnswerScanRefusal, AnswerScanView, answer_scan_view, attach_answer_scan, current_answer_scans,
    public_answer_scan,
};
pub use letters::{
    BatchLetter, PaperLetter, Refusal, SCAN_CONTEXT, add_paper_letter, batch_letters,
    erase_for_petition, letter_scan, scans_for_book, with_scan,
};
pub use sanitise::{
    CleanScan, MAX_ALLOC, MAX_DIMENSION, MAX_EDGE, MAX_UPLOAD_BYTES, ScanError, sanitise,
};

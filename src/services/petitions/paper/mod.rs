//! Paper intake (issue #16): printing numbered signature sheets with a pre-printed
//! receipt code per line, typing sheets in (by hand or from a CSV file) as a batch that
//! stores nothing unless every row is right, and the second staff member's check that
//! makes a batch's signatures count.
//!
//! Layout of the module:
//! - `sheets`: a run of sheets (numbers recorded, PDF typeset by `peyvand-export`);
//! - `entry`: the row checks, the CSV layout and storing a batch;
//! - `check`: what the checker sees (with likely duplicates) and the approved check.

mod check;
mod entry;
mod sheets;

pub use check::{BatchLine, BatchRow, BatchView, batch_view, batches, reject, run_approved};
pub use entry::{
    BatchInput, CSV_COLUMNS, CSV_HEADERS, EnterOutcome, MAX_ROWS, PaperLine, RawLine, RowError,
    check_lines, enter_batch, header_language, parse_csv,
};
pub use sheets::{SheetRun, print_sheets, sheet_labels, slug_of};

## The petition book (printed for the officials)

book-petition-book = Petition book
book-edition = Edition
book-volume = Volume
book-page = Page
book-addressed-to = Addressed to
book-cut-off = Signatures confirmed up to
book-signatures = Signatures
book-letters = Letters
book-by-country = Signatures by country
book-by-relationship = Signatures by relationship to a relative in the camp
book-relationship-not-stated = Not stated
book-key-fingerprint = Fingerprint of the organisation's signing key
book-petition-text = The petition
book-col-number = No.
book-col-name = Name
book-col-city = City
book-col-country = Country
book-col-date = Date
book-col-receipt = Receipt code
book-range = Signatures
book-verification = Verifying this book
book-merkle-root = Fingerprint of the list of signatures (Merkle root)
book-public-key = The organisation's public key (Ed25519)
book-how-to-verify = This book is part of a digitally signed bundle (a ZIP file) that the organisation gives on request. The bundle holds this book, the list of signatures as a spreadsheet (CSV), the letters, and a manifest with a SHA-256 hash of every file and the fingerprint of the list of signatures printed above. The manifest is signed with the organisation's key, whose fingerprint is printed on the cover.

    Anyone can check with the command below that nothing was added, removed or changed. Every signer received a receipt code; giving it with --receipt proves that their signature is in this edition without revealing anyone else.

## Staff: editions

editions-title = Editions
editions-intro = An edition freezes the confirmed signatures and approved letters of this moment. Later withdrawals and invalidations do not change it; the next edition counts them. Its bundle holds the book, a spreadsheet, the letters and a signed manifest.
editions-freeze = Freeze a new edition
editions-locale = Language of the book's headings
editions-none = No edition yet.
editions-caption = Editions of this petition
edition-number = Edition { $number }
edition-col-number = Edition
edition-col-cut-off = Cut-off
edition-col-total = Signatures
edition-col-letters = Letters
edition-col-changes = Since the previous edition
edition-changes = { $added } added, { $withdrawn } withdrawn, { $invalidated } invalidated
edition-state-building = Being built
edition-state-ready = Ready
edition-state-failed = Failed
edition-state-stale = Interrupted
edition-interrupted = The build was interrupted: the process building it stopped (it was shut down or crashed) before it finished. Nothing was published; try again.
edition-notice-retried = The build was sent back to be built again.
edition-error-live = This build cannot be retried: a running builder is working on it (or it is waiting for one). Check again in a moment.
edition-error-ready = This edition is ready; there is nothing to retry.
edition-building = The bundle is being built ({ $percent } %).
edition-check-again = Check again
edition-failed = The build failed: { $error }
edition-retry = Try again
edition-download = Download the signed bundle
edition-merkle = Merkle root
edition-sha = SHA-256 of the bundle
edition-fingerprint = Public key fingerprint
edition-verify-hint = Anyone can check the bundle with: peyvand bundle verify FILE.zip --fingerprint "…" (the public key fingerprint above). Without --key or --fingerprint the command cannot tell whose key signed it and exits with status 4.
edition-notice-frozen = The edition was frozen; its bundle is being built.
edition-notice-handover = The hand-over was recorded.
edition-error-empty = There is no confirmed signature to put in an edition.
edition-error-building = Another edition of this petition is still being built. Wait until it is ready.
form-error-edition-not-ready = Hand-overs can be recorded once the bundle is ready.

handovers-title = Hand-overs
handovers-none = Not handed over yet.
handover-add = Record a hand-over
handover-recipient = Received by
handover-office = Office
handover-date = Day
handover-form = Form
handover-form-print = Printed book
handover-form-pdf = PDF
handover-form-usb = USB stick
handover-acknowledgement = Their acknowledgement (optional)
handover-answer = Their answer (optional)

## Public: verifying

receipt-title = Is my signature in the book?
receipt-intro = Your confirmation email has a receipt code. Enter it to learn whether your signature is in an edition handed to the officials. Nothing else is shown.
receipt-code = Receipt code
receipt-submit = Check
receipt-included = Your signature is included in edition { $number } of this petition.
receipt-not-found = No edition of this petition includes this receipt code (yet). Editions are made from confirmed signatures when the petition is handed over.
receipt-link = Check whether your signature is in the book
verify-heading = Verifying the petition book
verify-fingerprint = The petition book and its signed bundle carry the organisation's key. Its fingerprint is:

withdraw-frozen = Your signature is already in edition { $editions } handed to the officials; that edition cannot change. Withdrawing removes your signature from the count and from every later edition, and erases your details here.

form-error-receipt-invalid = Enter the code as it is in your email, like ABCD-EFGH-JKMN.
form-error-handover-form = Choose how it was handed over.

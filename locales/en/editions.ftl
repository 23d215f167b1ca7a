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
book-col-date = Date (Gregorian, UTC)
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

## The bundle's read-me and the public bundle check (/verify)

book-verify-online = You can also check the bundle in a web browser, without special software: upload it at { $url }. The read-me inside the bundle (README.txt) says what each file is.
bundle-readme =
    About this bundle (English)
    
    This ZIP file is the digitally signed bundle of edition { $edition } of the petition "{ $slug }", made by { $organisation }. It holds:
    
      README.txt          this text
      book/volume-N.pdf   the petition book, as printed and handed over
      signatures.csv      the list of signatures, for a spreadsheet program
      entries.jsonl       the same list, one signature a line; the fingerprint of these lines (Merkle root) is printed in the book
      letters/N.txt       the personal letters, if any, numbered like the signatures
      manifest.json       the size and SHA-256 hash of every file, the counts, the Merkle root and the organisation's public key
      manifest.sig        the organisation's digital signature (Ed25519) of manifest.json
    
    How to check it
    
      In a web browser: open { $url } and upload this ZIP file as you received it. The page checks every file, the fingerprint of the list of signatures and the digital signature, and compares the key with the organisation's.
      On the command line: peyvand bundle verify BUNDLE.zip --fingerprint "{ $fingerprint }"
    
    Either way, the key's fingerprint must be the one printed on the book's cover:
      { $fingerprint }
    A signer can check that their signature is included with the receipt code from their confirmation email.

bundle-check-title = Check a petition bundle
bundle-check-intro = If you received a petition book from us, you can check here that its signed bundle (the ZIP file given with the book) is complete and unchanged, and that our organisation signed it. These are the same checks as the command peyvand bundle verify. The file is checked and discarded; nothing is kept.
bundle-check-our-key = Our organisation's signing key has this fingerprint; it is also printed on the cover of the book:
bundle-check-file = The bundle (ZIP file, at most { $size } MB)
bundle-check-fingerprint = Fingerprint printed on your book's cover (optional)
bundle-check-fingerprint-hint = 64 letters and digits; spaces do not matter.
bundle-check-receipt = A receipt code to look up (optional)
bundle-check-submit = Check the bundle
bundle-check-result = Result
bundle-check-ok = This bundle is authentic: it is complete, no file was changed, and it was signed with our organisation's key.
bundle-check-other-key = The bundle is complete and unchanged, but it was signed with another key than our organisation's: it is not the bundle we made.
bundle-check-book-differs = The bundle is signed with our organisation's key, but the fingerprint you entered from the book is a different one: check what you typed, and if it is right, the book did not come from us.
bundle-check-failed = This bundle did NOT pass the checks. Do not rely on it.
bundle-check-files = Files intact: all { $files } files have the size and SHA-256 hash the manifest lists; none is missing and none was added.
bundle-check-merkle = List of signatures intact: its fingerprint (Merkle root), recomputed from its { $count } entries, is the signed one:
bundle-check-signature = Digital signature valid, made with the key whose fingerprint is:
bundle-check-key-ours = This is our organisation's key (the one this site uses).
bundle-check-key-not-ours = This is NOT our organisation's key. Ours is:
bundle-check-key-book-same = It is the fingerprint you entered from the book.
bundle-check-key-book-differs = It is NOT the fingerprint you entered from the book.
bundle-check-edition = Edition { $edition } of the petition “{ $title }” by { $organisation }, signatures verified up to { $cutoff }: { $signatures } signatures, { $letters } letters, { $volumes } book volumes.
bundle-check-receipt-included = Receipt code { $code } is included: entry { $number } of { $total }, proven to be in the signed list.
bundle-check-receipt-missing = Receipt code { $code } is NOT in this edition.
bundle-check-technical = Technical detail (as the command peyvand bundle verify reports it):
bundle-problem-not-zip = This file is not a ZIP archive, or it is damaged or incomplete. Upload the bundle exactly as you received it.
bundle-problem-ambiguous = The ZIP archive is built in a way that can show different files to different programs. We never make such an archive: it was altered.
bundle-problem-unexpected-name = The archive holds a file that no bundle holds: { $file }.
bundle-problem-missing = A file is missing from the bundle: { $file }. It was removed.
bundle-problem-added = A file was added to the bundle that the manifest does not list: { $file }.
bundle-problem-corrupt = The file { $file } is damaged inside the archive.
bundle-problem-malformed = The file { $file } is not in the form a bundle has.
bundle-problem-tampered = The file { $file } was changed after the bundle was signed: its content no longer matches its hash in the manifest. The bundle was tampered with.
bundle-problem-merkle = The list of signatures does not match its signed fingerprint (Merkle root): entries were changed, added or removed.
bundle-problem-signature = The digital signature does not match the manifest: the manifest or its signature was changed.
bundle-problem-forged = The manifest states a key fingerprint that is not that of the key that signed it: the manifest is forged.
bundle-problem-unreadable = The bundle could not be read. Please try again.
bundle-problem-too-large = The file is larger than the { $size } MB this page accepts. A real bundle of 100,000 signatures is about 140 MB.
bundle-problem-not-a-form = The file did not arrive as a form upload. Use the form on this page.
form-error-bundle-missing = Choose the bundle's ZIP file.
form-error-fingerprint-invalid = Enter the 64 letters and digits printed on the book's cover, or leave this field empty.
form-error-date-future = A hand-over cannot be dated in the future: enter the day it took place.

## Later answers to a hand-over

edition-notice-answer = The answer was recorded.
handover-later-answer = What they answered
handover-answered-on = Answered on
handover-answer-add = Add their answer
handover-answer-replace = Correct their answer
handover-answer-save = Save the answer
form-error-answer-date-future = An answer cannot be dated in the future: enter the day it was given.
form-error-answer-before-handover = An answer cannot be dated before its hand-over: check both days.
edition-notice-removed = The hand-over was marked removed. It stays in the record.
handover-removed = Removed: kept in the record, no longer counted.
handover-remove = Remove this hand-over
handover-remove-explained = Nothing is deleted: the hand-over stays here, marked removed, and the removal is recorded with your name.
handover-remove-confirm = Mark it removed
# Hand-overs kept true (issue #17): how they were handed over, corrections with their history, answers in each language, and marking the petition delivered.
handover-channel = How it reached them (optional)
handover-channel-in_person = In person
handover-channel-post = By post
handover-channel-email = By email
handover-edit = Correct this hand-over
handover-edit-save = Save the correction
edition-notice-edited = The hand-over was corrected; the change is kept in its history.
handover-answer-languages = Summarise the answer in at least one language; readers see their own language, or another with a note.
handover-later-answer-en = What they answered, in English
handover-later-answer-fa = What they answered, in Persian
handover-later-answer-fr = What they answered, in French
form-error-answer-summary-needed = Summarise the answer in at least one language.
handover-history-title = History of this hand-over
handover-history-edit = { $when }: { $who } corrected it: { $changes }.
handover-history-answer = { $when }: { $who } recorded the answer: { $changes }.
handover-history-remove = { $when }: { $who } marked it removed.
handover-history-someone = a former staff member
handover-history-change = { $field } from “{ $before }” to “{ $after }”
handover-history-set = { $field } set to “{ $after }”
handover-history-cleared = { $field } cleared (it was “{ $before }”)
handover-field-recipient = received by
handover-field-office = office
handover-field-handed-on = day
handover-field-form = form
handover-field-channel = how it reached them
handover-field-answer-en = the answer in English
handover-field-answer-fa = the answer in Persian
handover-field-answer-fr = the answer in French
handover-field-answered-on = the day of the answer
progress-answer-fallback = Not yet summarised in your language: shown in { $language }.
petition-deliver-title = Mark this petition delivered?
petition-deliver-explained = Marking it delivered starts the retention period: the personal data of its signers (names, addresses, cities, letters) will be erased from { $date }. Counts, countries and the editions' fingerprints stay.
petition-deliver-handovers = Recorded hand-overs:
petition-deliver-confirm = Yes, mark it delivered
petition-deliver-cancel = Not now, back to the petition
petition-error-no-handover = A petition can be marked delivered only after a hand-over of one of its editions is recorded (and not removed).
progress-language-en = English
progress-language-fa = Persian
progress-language-fr = French
news-from-answer = drafted from an answer
news-answer-subject = The officials answered the petition
news-answer-body = On { $date }, { $office } answered the petition: { $summary }
